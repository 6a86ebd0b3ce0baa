// Test seams: Cookie headers that make requests act as a given user.
// cookieHeaderFor (sync) uses the signed guest cookie, which the identity resolver
// still accepts for any user row; sessionCookieFor creates a real next-auth
// database session, which account routes require.
import crypto from "node:crypto";
import { GUEST_COOKIE } from "@/lib/auth/guest";
import { csrfCookieName, SESSION_MAX_AGE_S, sessionCookieName } from "@/lib/auth/session-cookie";
import { authSecret, sign } from "@/lib/auth/signed-value";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";

/**
 * A CSRF pair as next-auth issues it (under `secret`, ours by default): the token
 * for the form, the cookie's value, and the Cookie header carrying it.
 */
export function csrfPair(secret = authSecret()) {
  const token = crypto.randomBytes(32).toString("hex");
  const value = `${token}|${crypto.createHash("sha256").update(`${token}${secret}`).digest("hex")}`;
  return { token, value, cookie: `${csrfCookieName()}=${value}` };
}

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

/**
 * An admin as sign-in makes one: the admin role on the row, and the address in
 * ADMIN_EMAILS (without which the identity resolver demotes the row at once).
 */
export async function createAdmin(data: { email?: string; tier?: "free" | "pro" } = {}) {
  const email = data.email ?? `admin-${crypto.randomUUID()}@example.test`;
  const listed = (process.env.ADMIN_EMAILS ?? "").split(",").filter(Boolean);
  process.env.ADMIN_EMAILS = [...listed, email].join(",");
  resetEnvCache();
  return getDb().user.create({ data: { email, role: "admin", tier: data.tier ?? "free" } });
}
