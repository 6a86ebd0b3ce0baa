// Magic links are bound to the browser that asked for them: another browser's
// attempt uses nothing up, and using one link voids the address's older links.
// (The whole flow through next-auth, in a real browser: tests/e2e/auth-magic-link.spec.ts.)
import { describe, expect, it } from "vitest";
import { boundLinks, browserBinding, linkAskedElsewhere, storedLinkToken } from "@/lib/auth/sign-in-binding";
import { csrfCookieName } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { csrfPair } from "../helpers/auth";

const browser = () => {
  const { value } = csrfPair();
  return browserBinding((name) => (name === csrfCookieName() ? value : undefined));
};
const links = (binding: string | null) => boundLinks(async () => binding);
const expires = () => new Date(Date.now() + 15 * 60_000);

describe("sign-in link binding", () => {
  it("tells browsers apart by their CSRF cookie, and has no binding without one", () => {
    expect(browser()).toMatch(/^[0-9a-f]{64}$/);
    expect(browser()).not.toBe(browser());
    expect(browserBinding(() => undefined)).toBeNull();
  });

  it("opens a link only in the browser that asked for it; elsewhere nothing is used up", async () => {
    const asker = browser();
    const victim = browser();
    const identifier = "attacker@example.com";
    await links(asker).createVerificationToken({ identifier, token: storedLinkToken("t-1"), expires: expires() });

    expect(await linkAskedElsewhere("t-1", victim)).toBe(true);
    expect(await links(victim).useVerificationToken({ identifier, token: storedLinkToken("t-1") })).toBeNull();
    expect(await links(null).useVerificationToken({ identifier, token: storedLinkToken("t-1") })).toBeNull();
    expect(await linkAskedElsewhere("t-1", asker)).toBe(false);

    const used = await links(asker).useVerificationToken({ identifier, token: storedLinkToken("t-1") });
    expect(used?.identifier).toBe(identifier);
    expect(used?.expires.getTime()).toBeGreaterThan(Date.now());
    expect(await links(asker).useVerificationToken({ identifier, token: storedLinkToken("t-1") })).toBeNull();
  });

  it("voids every older link of the address once one is used, and leaves other addresses alone", async () => {
    const b = browser();
    const identifier = "older@example.com";
    for (const t of ["o-1", "o-2", "o-3"])
      await links(b).createVerificationToken({ identifier, token: storedLinkToken(t), expires: expires() });
    await links(b).createVerificationToken({
      identifier: "someone-else@example.com",
      token: storedLinkToken("x-1"),
      expires: expires(),
    });

    expect(await links(b).useVerificationToken({ identifier, token: storedLinkToken("o-3") })).not.toBeNull();
    for (const t of ["o-1", "o-2"])
      expect(await links(b).useVerificationToken({ identifier, token: storedLinkToken(t) })).toBeNull();
    expect(await getDb().verificationToken.count({ where: { identifier } })).toBe(0);
    expect(await getDb().verificationToken.count({ where: { identifier: "someone-else@example.com" } })).toBe(1);
  });

  it("refuses to make a link without a binding", async () => {
    await expect(
      links(null).createVerificationToken({ identifier: "a@example.com", token: "x", expires: expires() }),
    ).rejects.toThrow();
  });
});
