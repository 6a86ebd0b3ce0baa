// The CSRF check made before a sign-in email is counted must agree with
// next-auth's: the pair next-auth issues passes, and every forgery fails.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csrfCookieName, csrfTokenVerified } from "@/lib/auth/csrf";
import { authSecret } from "@/lib/auth/signed-value";

function pair(secret = authSecret()) {
  const token = randomBytes(32).toString("hex");
  return { token, cookie: `${token}|${createHash("sha256").update(`${token}${secret}`).digest("hex")}` };
}

const jar = (value?: string) => (name: string) => (name === csrfCookieName() ? value : undefined);

describe("sign-in CSRF check", () => {
  it("accepts the token next-auth issued with its cookie", () => {
    const p = pair();
    expect(csrfTokenVerified(jar(p.cookie), p.token)).toBe(true);
  });

  it("refuses a missing cookie, a missing or different token, and a cookie not signed with our secret", () => {
    const p = pair();
    expect(csrfTokenVerified(jar(undefined), p.token)).toBe(false);
    expect(csrfTokenVerified(jar(p.cookie), undefined)).toBe(false);
    expect(csrfTokenVerified(jar(p.cookie), "")).toBe(false);
    expect(csrfTokenVerified(jar(p.cookie), pair().token)).toBe(false);
    expect(csrfTokenVerified(jar(p.cookie), [p.token])).toBe(false);
    expect(csrfTokenVerified(jar(`${p.token}|${"0".repeat(64)}`), p.token)).toBe(false);
    expect(csrfTokenVerified(jar(p.token), p.token)).toBe(false);
    const other = pair("the-secret-of-some-other-deployment-0123456789");
    expect(csrfTokenVerified(jar(other.cookie), other.token)).toBe(false);
  });
});
