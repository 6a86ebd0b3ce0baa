// Headers and redirects that keep a caller safe: sign-in's redirect targets stay on
// this site, pages carry a nonce CSP, Permissions-Policy and (over https) HSTS,
// personal JSON is not cached, and a client's own X-Forwarded-For does not get it
// past the per-IP guest limit when no proxy is in front.
import { expect, test } from "@playwright/test";
import { securityServer } from "./security-server";

const server = securityServer();

/** A signed-in user of the free tier with id `userId`, as their session cookie. */
async function signedIn(userId: string): Promise<string> {
  await server.db.query("INSERT INTO users (id, email, tier, updated_at) VALUES ($1, $2, 'free', now())", [
    userId,
    `${userId}@example.test`,
  ]);
  return server.sessionFor(userId);
}

test("redirect targets stay on this site, even for a signed-in user", async () => {
  const cookie = await signedIn(`redirect-user-${server.stamp}`);
  for (const target of [
    "%2F%5Cevil.example",
    "/%09/evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "https://evil.example",
  ]) {
    const res = await fetch(`${server.url}/sign-in?callbackUrl=${target}`, { headers: { cookie }, redirect: "manual" });
    expect(res.status, target).toBeGreaterThanOrEqual(300);
    const location = new URL(res.headers.get("location") ?? "", server.url);
    expect(location.origin, target).toBe(new URL(server.url).origin);
  }
});

test("pages carry a nonce CSP, Permissions-Policy and (over https) HSTS; personal JSON is not cached", async ({
  page,
}) => {
  const res = await fetch(`${server.url}/`);
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline' 'nonce"); // scripts: no unsafe-inline
  expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
  expect(await res.text()).toContain(`nonce="${nonce}"`);
  expect(res.headers.get("permissions-policy")).toContain("camera=()");
  expect(res.headers.get("strict-transport-security")).toBeNull();
  const https = await fetch(`${server.url}/`, { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers.get("strict-transport-security")).toContain("max-age=");
  // The page still works under its policy: scripts run (the sign-in form hydrates and reacts).
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill("csp@example.com");
  await expect(page.getByRole("button", { name: "Email me a sign-in link" })).toBeEnabled();
  expect(errors).toEqual([]);

  const cookie = await signedIn(`nostore-user-${server.stamp}`);
  for (const path of ["/api/account", "/api/conversations", "/api/usage"]) {
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(r.status, path).toBe(200);
    expect(r.headers.get("cache-control"), path).toContain("no-store");
  }
});

test("with no proxy in front, a client's own X-Forwarded-For does not get it past the per-IP guest limit", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    // Valid, for a conversation that does not exist: a guest is made (within the limit), then 404.
    const res = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": `203.0.113.${i}`,
        "x-real-ip": `198.51.100.${i}`,
      },
      body: JSON.stringify({ message: "hi", conversationId: "c000000000000000000000000" }),
    });
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
});
