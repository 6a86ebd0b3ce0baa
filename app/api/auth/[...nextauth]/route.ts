// GET|POST /api/auth/* - next-auth's own handler (sign-in, callbacks, sign-out, session).
// It is not wrapped by route(): next-auth owns these responses and redirects.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  return (NextAuth(authOptions()) as (r: NextRequest, c: Ctx) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
