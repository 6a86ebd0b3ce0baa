// Guest identity: a signed cookie naming a guest user row. Guests chat with no
// sign-up inside the guest tier's small allowance.
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { sign, verify } from "./signed-value";

export const GUEST_COOKIE = "gc_guest";
const MAX_AGE_S = 60 * 60 * 24 * 30;

export function guestUserIdFrom(cookieValue: string | undefined | null): string | null {
  return verify(cookieValue);
}

export async function createGuestUser(): Promise<{ userId: string; setCookie: string }> {
  const user = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
  return { userId: user.id, setCookie: guestCookie(user.id) };
}

export function guestCookie(userId: string): string {
  const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${GUEST_COOKIE}=${sign(userId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_S}${secure}`;
}

export function clearGuestCookie(): string {
  return `${GUEST_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
