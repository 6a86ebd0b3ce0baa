// GET|POST /api/auth/* - next-auth's own handler (sign-in, callbacks, sign-out, session).
// It is not wrapped by route(): next-auth owns these responses and redirects.
// A POST's body is read here first, capped, and must be plain string fields
// (lib/auth/auth-form.ts). Asking for a sign-in email is rate limited first
// (lib/auth/magic-link-limit.ts), but only once the request has passed
// next-auth's own CSRF check: a forged request is left to next-auth to refuse,
// and spends nobody's allowance. A sign-in link opened in another browser than
// the one that asked for it is refused with its own message and left usable
// where it belongs (lib/auth/sign-in-binding.ts).
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readAuthForm, type AuthForm } from "@/lib/auth/auth-form";
import { authOptions } from "@/lib/auth/auth-options";
import { csrfTokenVerified } from "@/lib/auth/csrf";
import { callbackUrlCookieName } from "@/lib/auth/session-cookie";
import { allowMagicLink } from "@/lib/auth/magic-link-limit";
import { requestIp } from "@/lib/auth/request-ip";
import { browserBinding, linkAskedElsewhere } from "@/lib/auth/sign-in-binding";
import { LINK_OTHER_BROWSER_ERROR, MAGIC_LINK_RATE_ERROR } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/config/env";
import { AppError, toAppError } from "@/lib/http/app-error";
import { safeRedirectPath, safeRedirectUrl } from "@/lib/http/safe-redirect";
import { logger } from "@/lib/log/logger";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** A refusal in next-auth's own terms: JSON with the error page's URL (and `status`) for its client, else a redirect there. */
function refusal(fields: AuthForm | null, error: string, status = 400, headers = {}) {
  const url = `${env().APP_URL.replace(/\/$/, "")}/sign-in?error=${error}`;
  if (fields?.json === "true") return Response.json({ url }, { status, headers });
  return new Response(null, { status: 303, headers: { ...headers, location: url } });
}

async function refusedSignInEmail(req: NextRequest, fields: AuthForm): Promise<Response | null> {
  const email = fields.email;
  if (!email?.trim()) return null; // next-auth answers that itself
  // Without this, a cross-site form could use up someone's sign-in emails for them.
  if (!csrfTokenVerified((name) => req.cookies.get(name)?.value, fields.csrfToken)) return null;
  const verdict = await allowMagicLink(email, requestIp(req));
  if (verdict.allowed) return null;
  logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, "sign-in email refused: rate limit");
  return refusal(fields, MAGIC_LINK_RATE_ERROR, 429, { "Retry-After": String(verdict.retryAfterSeconds) });
}

async function refusedSignInLink(req: NextRequest): Promise<Response | null> {
  const token = req.nextUrl.searchParams.get("token");
  if (!token) return null; // next-auth answers that itself
  const binding = browserBinding((name) => req.cookies.get(name)?.value);
  return (await linkAskedElsewhere(token, binding)) ? refusal(null, LINK_OTHER_BROWSER_ERROR) : null;
}

/**
 * next-auth answers 500 to a callbackUrl (query or cookie) that is not a URL: the
 * query's is put through the one redirect check, and a bad cookie is cleared
 * with a 400 (the browser's next try works).
 */
function callbackRefusal(req: NextRequest): Response | null {
  const cookie = req.cookies.get(callbackUrlCookieName())?.value;
  if (cookie === undefined || safeRedirectPath(cookie, "") !== "") return null;
  return new AppError("bad_request:auth", "A sign-in cookie was invalid; it is cleared.", {
    headers: { "set-cookie": `${callbackUrlCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` },
  }).toResponse();
}

function safeCallbackUrl(req: NextRequest): URL {
  const url = new URL(req.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl !== null) url.searchParams.set("callbackUrl", safeRedirectUrl(callbackUrl, "/"));
  return url;
}

async function handle(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth routes on the first two segments only; so do these checks.
  const [action, provider] = (await ctx.params).nextauth;
  const badCookie = callbackRefusal(req);
  if (badCookie) return badCookie;
  const url = safeCallbackUrl(req);
  let forward = url.href === req.url ? req : new NextRequest(url, { method: req.method, headers: req.headers });
  if (req.method === "POST") {
    const form = await readAuthForm(req, url);
    if (!form.fields) return refusal(null, action === "signin" ? "EmailSignin" : "Configuration");
    if (action === "signin" && provider === "email") {
      const refused = await refusedSignInEmail(req, form.fields);
      if (refused) return refused;
    }
    forward = form.forward;
  }
  if (req.method === "GET" && action === "callback" && provider === "email") {
    const refused = await refusedSignInLink(req);
    if (refused) return refused;
  }
  return (NextAuth(authOptions()) as (r: NextRequest, c: Ctx) => Promise<Response>)(forward, ctx);
}

async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  try {
    return await handle(req, ctx);
  } catch (err) {
    const appErr = toAppError(err, "auth");
    if (appErr.status >= 500) logger.error({ err, path: req.nextUrl.pathname }, "auth request failed");
    return appErr.toResponse();
  }
}

export { handler as GET, handler as POST };
