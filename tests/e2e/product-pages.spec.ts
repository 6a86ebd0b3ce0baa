// The product as a customer meets it: a landing and pricing page in a chat
// user's terms, the Terms/Privacy/Contact pages, an icon, a branded 404, one
// canonical host, and an account page with the plan, sign-out apart from
// deletion, a confirmed Revoke and a confirmed deletion.
import { expect, test } from "@playwright/test";
import { resetEnvCache } from "../../lib/config/env";
import { bootStandalone, PRODUCTION_LIKE_ENV } from "../helpers/standalone";
import { E2E } from "./env";
import { signedInUser } from "./users";

test("landing and pricing speak to people who want to chat", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chat with Gemini");
  await expect(page.locator("main")).not.toContainText(/Postgres|atomically|Stripe|webhook/i);
  await page.goto("/pricing");
  const pro = page.getByTestId("plan-pro");
  await expect(pro).toContainText(/about [\d,]+ messages a day/);
  await expect(pro).toContainText("200,000 tokens");
  await expect(pro).toContainText(/Strong: .*hard problems/);
  await expect(page.getByTestId("messages-footnote")).toContainText("estimate");
});

test("Terms, Privacy and Contact exist as placeholders, linked from every page", async ({ page }) => {
  for (const [name, path, heading] of [
    ["Terms", "/terms", "Terms of service"],
    ["Privacy", "/privacy", "Privacy"],
    ["Contact", "/contact", "Contact"],
  ] as const) {
    await page.goto("/pricing");
    await page.getByRole("navigation", { name: "Legal" }).getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("note")).toContainText("Placeholder");
  }
});

test("an icon, and a 404 in the product's own frame", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page does not exist");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the chat" })).toHaveAttribute("href", "/chat");
});

test("pages answer on APP_URL's host only; other names for the server redirect there", async ({ request }) => {
  const other = `http://127.0.0.1:${E2E.appPort}`;
  const res = await request.get(`${other}/chat?x=1`, { maxRedirects: 0 });
  expect(res.status()).toBe(308);
  expect(res.headers().location).toBe(`${E2E.appUrl}/chat?x=1`);
  // The API is not redirected (scripts, health checks).
  expect((await request.get(`${other}/api/health`, { maxRedirects: 0 })).status()).toBe(200);
  expect((await request.get(`${E2E.appUrl}/chat`, { maxRedirects: 0 })).status()).toBe(200);
});

test("the service diagnostics show only while stand-ins are in use", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("services-status")).toBeVisible();
  process.env.DATABASE_URL ??= E2E.databaseUrl;
  resetEnvCache();
  // Every service configured as real (placeholder keys: nothing is called to draw the page).
  const real = await bootStandalone({ databaseUrl: E2E.databaseUrl, env: { ...PRODUCTION_LIKE_ENV } });
  try {
    await page.goto(real.url);
    await expect(page.getByRole("navigation", { name: "Legal" })).toBeVisible();
    await expect(page.getByTestId("services-status")).toHaveCount(0);
  } finally {
    await real.stop();
  }
});

test("account: plan and billing, sign-out away from deletion, Revoke asks first, deletion is confirmed", async ({
  page,
  context,
}) => {
  const user = await signedInUser(context);
  await page.goto("/account");
  await expect(page.getByTestId("account-plan")).toContainText("Free plan");
  await expect(page.getByTestId("account-plan").getByRole("link", { name: "See plans" })).toBeVisible();
  const signOut = (await page.getByRole("button", { name: "Sign out", exact: true }).boundingBox())!;
  const del = (await page.getByRole("button", { name: "Delete my account" }).boundingBox())!;
  expect(del.y - signOut.y).toBeGreaterThan(400);

  // Revoke asks; dismissed, the key still works.
  await page.getByLabel("Key name").fill("laptop");
  // Reading usage needs the read scope (a key can only chat by default).
  await page.getByLabel("can read chats").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!.trim();
  const row = page.getByRole("row").filter({ hasText: "laptop" });
  page.once("dialog", (d) => {
    expect(d.message()).toContain("Revoke");
    void d.dismiss();
  });
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(row).not.toContainText("revoked");
  const withKey = () => page.request.get("/api/usage", { headers: { authorization: `Bearer ${secret}` } });
  expect((await withKey()).status()).toBe(200);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(row).toContainText("revoked");
  const refused = await withKey();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toMatch(/revoked/);

  await page.getByLabel("Confirm email").fill(user.email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);
  await expect(page.getByRole("status")).toContainText("Your account was deleted");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Account" })).toHaveCount(0);
});
