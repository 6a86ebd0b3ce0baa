// Runs before every page (not the API, Next's assets or the icon): a fresh
// nonce per response for the strict Content-Security-Policy
// (lib/http/content-security.ts). Next reads the nonce from the request's
// policy header and puts it on the scripts it renders. (Other hosts than
// APP_URL's are redirected earlier, by the request gate: lib/http/canonical-host.ts.)
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config/env";
import { contentSecurityPolicy } from "@/lib/http/content-security";

export function proxy(req: NextRequest) {
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
