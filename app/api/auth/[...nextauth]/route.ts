// GET|POST /api/auth/* - next-auth's own handler (sign-in, callbacks, sign-out, session).
// It is not wrapped by route(): next-auth owns these responses and redirects.
// Asking for a sign-in email is rate limited first (lib/auth/magic-link-limit.ts),
// but only once the request has passed next-auth's own CSRF check: a forged
// request is left to next-auth to refuse, and spends nobody's allowance.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { csrfTokenVerified } from "@/lib/auth/csrf";
import { allowMagicLink } from "@/lib/auth/magic-link-limit";
import { requestIp } from "@/lib/auth/request-ip";
import { MAGIC_LINK_RATE_ERROR } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** The sign-in request's fields as next-auth reads them (JSON or a urlencoded form); null if unreadable. */
async function signInFields(req: NextRequest): Promise<Record<string, unknown> | null> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body: unknown = await req.clone().json();
      return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
    }
    if (type.includes("application/x-www-form-urlencoded"))
      return Object.fromEntries(new URLSearchParams(await req.clone().text()));
    return {}; // next-auth reads no body of any other type: it finds no email and refuses
  } catch {
    return null;
  }
}

/** A refusal in next-auth's own terms: JSON with the error page's URL (and `status`) for its client, else a redirect there. */
function refusal(fields: Record<string, unknown> | null, error: string, status = 400, headers = {}) {
  const url = `${env().APP_URL.replace(/\/$/, "")}/sign-in?error=${error}`;
  const json = fields?.json === true || fields?.json === "true";
  if (json) return Response.json({ url }, { status, headers });
  return new Response(null, { status: 303, headers: { ...headers, location: url } });
}

async function refusedSignInEmail(req: NextRequest): Promise<Response | null> {
  const fields = await signInFields(req);
  if (!fields) return refusal(null, "EmailSignin"); // next-auth could not read it either
  const email = fields.email;
  if (typeof email !== "string" || !email.trim()) return null; // next-auth answers that itself
  // Without this, a cross-site form could use up someone's sign-in emails for them.
  if (!csrfTokenVerified((name) => req.cookies.get(name)?.value, fields.csrfToken)) return null;
  const verdict = await allowMagicLink(email, requestIp(req));
  if (verdict.allowed) return null;
  logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, "sign-in email refused: rate limit");
  return refusal(fields, MAGIC_LINK_RATE_ERROR, 429, { "Retry-After": String(verdict.retryAfterSeconds) });
}

async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth routes on the first two segments only; so does this check.
  const [action, provider] = (await ctx.params).nextauth;
  if (req.method === "POST" && action === "signin" && provider === "email") {
    const refused = await refusedSignInEmail(req);
    if (refused) return refused;
  }
  return (NextAuth(authOptions()) as (r: NextRequest, c: Ctx) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
