// next-auth's CSRF check (double submit), made where we must decide before
// next-auth does: the form's csrfToken must equal the token in next-auth's CSRF
// cookie, and that cookie must carry the token's hash under our secret
// ("token|sha256(token + secret)", as next-auth v4 writes it).
import { csrfCookieName } from "./session-cookie";
import { sha256Hex } from "./sha256";
import { authSecret, sameSecret } from "./signed-value";

/** Whether next-auth will accept this POST's csrfToken with the CSRF cookie that came along. */
export function csrfTokenVerified(readCookie: (name: string) => string | undefined, submitted: unknown): boolean {
  const cookie = readCookie(csrfCookieName());
  if (!cookie || typeof submitted !== "string" || !submitted) return false;
  const [token, hash] = cookie.split("|");
  if (!token || !hash) return false;
  const expected = sha256Hex(`${token}${authSecret()}`);
  return sameSecret(hash, expected) && sameSecret(token, submitted);
}
