// Runs before every page (not the API, Next's assets or the icon):
// - One canonical host: pages answer only on APP_URL's host, and a visit on any
//   other name for the same server (127.0.0.1 for localhost, the run.app URL for
//   a custom domain) is redirected there, so cookies (a guest's chats, a session)
//   always belong to one origin. API calls are not redirected: a script's POST
//   must not be turned into a GET, and health checks come in on internal names.
// - A fresh nonce per response for the strict Content-Security-Policy
//   (lib/http/content-security.ts). Next reads the nonce from the request's
//   policy header and puts it on the scripts it renders.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config/env";
import { contentSecurityPolicy } from "@/lib/http/content-security";

function canonicalRedirect(req: NextRequest): NextResponse | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const canonical = new URL(env().APP_URL);
  const host = req.headers.get("host");
  if (!host || host === canonical.host) return null;
  return NextResponse.redirect(new URL(req.nextUrl.pathname + req.nextUrl.search, canonical), 308);
}

export function proxy(req: NextRequest) {
  const redirect = canonicalRedirect(req);
  if (redirect) return redirect;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: env().NODE_ENV === "development",
    https: req.headers.get("x-forwarded-proto") === "https" || req.nextUrl.protocol === "https:",
  });
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  // Pages only: not the API, Next's assets or the icon.
  matcher: ["/((?!api/|_next/|icon|favicon).*)"],
};
