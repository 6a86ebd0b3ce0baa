// Test seam: a Cookie header that makes requests act as the given user.
// Until next-auth sessions exist, identity comes from the signed guest cookie.
import { GUEST_COOKIE } from "@/lib/auth/guest";
import { sign } from "@/lib/auth/signed-value";

export function cookieHeaderFor(userId: string): string {
  return `${GUEST_COOKIE}=${sign(userId)}`;
}
