// GET|POST /api/auth/* - next-auth's own handler (sign-in, callbacks, sign-out, session).
// It is not wrapped by route(): next-auth owns these responses and redirects.
// Asking for a sign-in email is rate limited first (lib/auth/magic-link-limit.ts).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { allowMagicLink } from "@/lib/auth/magic-link-limit";
import { requestIp } from "@/lib/auth/request-ip";
import { MAGIC_LINK_RATE_ERROR } from "@/lib/auth/sign-in-errors";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** A refusal in next-auth's own terms: JSON with the error page's URL for its client, else a redirect there. */
async function refusedSignInEmail(req: NextRequest): Promise<Response | null> {
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = form?.get("email");
  if (typeof email !== "string" || !email.trim()) return null; // next-auth answers that itself
  const verdict = await allowMagicLink(email, requestIp(req));
  if (verdict.allowed) return null;
  logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, "sign-in email refused: rate limit");
  const url = `${env().APP_URL.replace(/\/$/, "")}/sign-in?error=${MAGIC_LINK_RATE_ERROR}`;
  const headers = { "Retry-After": String(verdict.retryAfterSeconds) };
  if (form?.get("json") === "true") return Response.json({ url }, { status: 429, headers });
  return new Response(null, { status: 303, headers: { ...headers, location: url } });
}

async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const path = (await ctx.params).nextauth.join("/");
  if (req.method === "POST" && path === "signin/email") {
    const refused = await refusedSignInEmail(req);
    if (refused) return refused;
  }
  return (NextAuth(authOptions()) as (r: NextRequest, c: Ctx) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
