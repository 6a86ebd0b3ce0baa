// The CSRF check made before a sign-in email is counted must agree with
// next-auth's: the pair next-auth issues passes, and every forgery fails.
import { describe, expect, it } from "vitest";
import { csrfTokenVerified } from "@/lib/auth/csrf";
import { csrfCookieName } from "@/lib/auth/session-cookie";
import { csrfPair } from "../helpers/auth";

const jar = (value?: string) => (name: string) => (name === csrfCookieName() ? value : undefined);

describe("sign-in CSRF check", () => {
  it("accepts the token next-auth issued with its cookie", () => {
    const p = csrfPair();
    expect(csrfTokenVerified(jar(p.value), p.token)).toBe(true);
  });

  it("refuses a missing cookie, a missing or different token, and a cookie not signed with our secret", () => {
    const p = csrfPair();
    expect(csrfTokenVerified(jar(undefined), p.token)).toBe(false);
    expect(csrfTokenVerified(jar(p.value), undefined)).toBe(false);
    expect(csrfTokenVerified(jar(p.value), "")).toBe(false);
    expect(csrfTokenVerified(jar(p.value), csrfPair().token)).toBe(false);
    expect(csrfTokenVerified(jar(p.value), [p.token])).toBe(false);
    expect(csrfTokenVerified(jar(`${p.token}|${"0".repeat(64)}`), p.token)).toBe(false);
    expect(csrfTokenVerified(jar(p.token), p.token)).toBe(false);
    const other = csrfPair("the-secret-of-some-other-deployment-0123456789");
    expect(csrfTokenVerified(jar(other.value), other.token)).toBe(false);
  });
});
