// One canonical host: pages answer only on APP_URL's host, and a visit on any
// other name for the same server (127.0.0.1 for localhost, the run.app URL for a
// custom domain) is redirected there, so cookies (a guest's chats, a session)
// always belong to one origin. API calls are not redirected: a script's POST
// must not be turned into a GET, and health checks come in on internal names.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config/env";

export function proxy(req: NextRequest) {
  if (req.method !== "GET" && req.method !== "HEAD") return NextResponse.next();
  const canonical = new URL(env().APP_URL);
  const host = req.headers.get("host");
  if (!host || host === canonical.host) return NextResponse.next();
  const target = new URL(req.nextUrl.pathname + req.nextUrl.search, canonical);
  return NextResponse.redirect(target, 308);
}

export const config = {
  // Pages only: not the API, Next's assets or the icon.
  matcher: ["/((?!api/|_next/|icon|favicon).*)"],
};
