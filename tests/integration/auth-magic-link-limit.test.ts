// Asking for sign-in emails is rate limited per address and per IP, across
// instances (database counters), before next-auth sends anything (the e2e magic
// link spec shows an allowed email still arrives); refusals speak
// next-auth's protocol: JSON with the error page's URL for its client, a redirect
// for a plain form post.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";
import { normalizeEmail } from "@/lib/auth/email-address";
import { allowMagicLink, MAGIC_LINK_WINDOW_MS } from "@/lib/auth/magic-link-limit";
import { csrfPair as csrf } from "../helpers/auth";

const ctx = { params: Promise.resolve({ nextauth: ["signin", "email"] }) };

function ask(email: string, ip: string, json = true) {
  const pair = csrf();
  const body = new URLSearchParams({
    email,
    csrfToken: pair.token,
    callbackUrl: "/chat",
    ...(json ? { json: "true" } : {}),
  });
  return POST(
    new NextRequest("http://localhost/api/auth/signin/email", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": ip,
        cookie: pair.cookie,
      },
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

  it("limits a JSON request and a padded path just the same, as next-auth would act on both", async () => {
    const email = `json-${Date.now()}@example.com`;
    for (let i = 0; i < 3; i++) expect((await allowMagicLink(email, `10.7.0.${i}`)).allowed).toBe(true);
    const pair = csrf();
    const json = await POST(
      new NextRequest("http://localhost/api/auth/signin/email", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.7.1.1", cookie: pair.cookie },
        body: JSON.stringify({ email, csrfToken: pair.token, json: true }),
      }),
      ctx,
    );
    expect(json.status).toBe(429);
    expect(((await json.json()) as { url: string }).url).toMatch(/error=EmailRateLimited$/);
    const padded = await POST(
      new NextRequest("http://localhost/api/auth/signin/email/extra", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": "10.7.1.2",
          cookie: pair.cookie,
        },
        body: new URLSearchParams({ email, csrfToken: pair.token, json: "true" }),
      }),
      { params: Promise.resolve({ nextauth: ["signin", "email", "extra"] }) },
    );
    expect(padded.status).toBe(429);
    // A body next-auth could not read either is refused, not waved through.
    const broken = await POST(
      new NextRequest("http://localhost/api/auth/signin/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
      ctx,
    );
    expect(broken.status).toBe(303);
    expect(broken.headers.get("location")).toMatch(/error=EmailSignin$/);
  });

  it("counts spellings of one inbox as one address", async () => {
    const email = `victim-${Date.now()}@example.com`;
    const variants = [email, ` ${email.toUpperCase()} `, `${email},1`, email.replace("@", "\uFF20")];
    for (const v of variants.slice(0, 3)) expect((await allowMagicLink(v, null)).allowed).toBe(true);
    expect(await allowMagicLink(variants[3]!, null)).toMatchObject({ allowed: false });
    expect(normalizeEmail(variants[3]!)).toBe(email);
    expect(normalizeEmail(`${email},2`)).toBe(email);
    for (const bad of ["no-at-sign", "a@b@c.com", "a@localhost", '"a"@b.com', `${"x".repeat(250)}@b.com`, "a b@c.com"])
      expect(normalizeEmail(bad), bad).toBeNull();
  });

  it("does not spend an address's allowance on a caller over its own IP limit", async () => {
    const ip = `10.6.${Date.now() % 250}.1`;
    for (let i = 0; i < 10; i++)
      expect((await allowMagicLink(`mine-${i}-${Date.now()}@example.com`, ip)).allowed).toBe(true);
    const victim = `spared-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i++) expect((await allowMagicLink(victim, ip)).allowed).toBe(false);
    // The victim still has their whole allowance from anywhere else.
    for (let i = 0; i < 3; i++) expect((await allowMagicLink(victim, `10.5.0.${i}`)).allowed).toBe(true);
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
