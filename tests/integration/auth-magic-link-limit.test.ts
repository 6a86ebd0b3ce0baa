// Asking for sign-in emails is rate limited per address and per IP, across
// instances (database counters), before next-auth sends anything (the e2e magic
// link spec shows an allowed email still arrives); refusals speak
// next-auth's protocol: JSON with the error page's URL for its client, a redirect
// for a plain form post.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";
import { allowMagicLink, MAGIC_LINK_WINDOW_MS } from "@/lib/auth/magic-link-limit";

const ctx = { params: Promise.resolve({ nextauth: ["signin", "email"] }) };

function ask(email: string, ip: string, json = true) {
  const body = new URLSearchParams({ email, csrfToken: "x", callbackUrl: "/chat", ...(json ? { json: "true" } : {}) });
  return POST(
    new NextRequest("http://localhost/api/auth/signin/email", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body,
    }),
    ctx,
  );
}

describe("sign-in email rate limit", () => {
  it("refuses a fourth email to one address with 429, Retry-After and the error next-auth's client reads", async () => {
    const email = `flood-${Date.now()}@example.com`;
    // The same address in other letters is the same inbox; the IPs differ, so only the address limits.
    for (let i = 0; i < 3; i++)
      expect((await allowMagicLink(i === 1 ? email.toUpperCase() : email, `10.9.0.${i}`)).allowed).toBe(true);
    const refused = await ask(email, "10.9.0.9");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    // A sliding window: the count just made decays over up to two windows.
    expect(retryAfter).toBeLessThanOrEqual((2 * MAGIC_LINK_WINDOW_MS) / 1000);
    const { url } = (await refused.json()) as { url: string };
    expect(new URL(url).pathname).toBe("/sign-in");
    expect(new URL(url).searchParams.get("error")).toBe("EmailRateLimited");
    // A plain form post is redirected to the same page.
    const plain = await ask(email, "10.9.0.10", false);
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toMatch(/\/sign-in\?error=EmailRateLimited$/);
  });

  it("limits one IP across addresses, and no other IP", async () => {
    const ip = `10.8.${Date.now() % 250}.1`;
    const fresh = (tag: string) => `ip-${tag}-${Date.now()}@example.com`;
    for (let i = 0; i < 10; i++) expect((await allowMagicLink(fresh(String(i)), ip)).allowed).toBe(true);
    expect(await allowMagicLink(fresh("last"), ip)).toMatchObject({ allowed: false });
    expect((await ask(fresh("route"), ip)).status).toBe(429);
    expect((await allowMagicLink(fresh("other"), `${ip}0`)).allowed).toBe(true);
  });

  it("lets an address through again once the window has slid past", async () => {
    const email = `later-${Date.now()}@example.com`;
    const t0 = new Date("2026-05-01T10:00:00Z");
    for (let i = 0; i < 3; i++) expect((await allowMagicLink(email, null, t0)).allowed).toBe(true);
    expect(await allowMagicLink(email, null, new Date(t0.getTime() + 60_000))).toMatchObject({ allowed: false });
    expect((await allowMagicLink(email, null, new Date(t0.getTime() + 2 * MAGIC_LINK_WINDOW_MS))).allowed).toBe(true);
  });
});
