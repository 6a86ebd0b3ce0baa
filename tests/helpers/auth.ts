// Test seams: Cookie headers that make requests act as a given user.
// cookieHeaderFor (sync) uses the signed guest cookie, which the identity resolver
// still accepts for any user row; sessionCookieFor creates a real next-auth
// database session, which account routes require.
import crypto from "node:crypto";
import { GUEST_COOKIE } from "@/lib/auth/guest";
import { SESSION_MAX_AGE_S, sessionCookieName } from "@/lib/auth/session-cookie";
import { sign } from "@/lib/auth/signed-value";
import { getDb } from "@/lib/db/client";

export function cookieHeaderFor(userId: string): string {
  return `${GUEST_COOKIE}=${sign(userId)}`;
}

export async function sessionCookieFor(userId: string): Promise<string> {
  const sessionToken = crypto.randomUUID();
  await getDb().session.create({
    data: { sessionToken, userId, expires: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
  });
  return `${sessionCookieName()}=${sessionToken}`;
}
