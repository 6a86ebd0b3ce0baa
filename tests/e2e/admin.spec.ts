// The admin dashboard as an operator uses it: overview, users (search, then a
// plan and budget override through the form), the audit entry it leaves, the
// usage, revenue and webhook pages; and nobody else gets past a plain 404.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { sign } from "../../lib/auth/signed-value";
import { resetEnvCache } from "../../lib/config/env";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../helpers/standalone";
import { seriousViolations } from "./axe";
import { E2E } from "./env";

const ADMIN_PAGES = [
  "/admin",
  "/admin/users",
  "/admin/usage",
  "/admin/revenue",
  "/admin/webhooks",
  "/admin/switches",
  "/admin/audit",
];

let app: BootedServer;
let db: pg.Client;
const stamp = Date.now();
const adminId = `e2e-admin-${stamp}`;
const userId = `e2e-admin-target-${stamp}`;
const userEmail = `target-${stamp}@example.test`;

test.beforeAll(async () => {
  process.env.AUTH_SECRET = PRODUCTION_LIKE_ENV.AUTH_SECRET;
  process.env.DATABASE_URL ??= E2E.databaseUrl;
  resetEnvCache();
  // The admin role holds only while the address is listed.
  app = await bootStandalone({ databaseUrl: E2E.databaseUrl, env: { ADMIN_EMAILS: `admin-${stamp}@example.test` } });
  db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
  await db.query(
    `INSERT INTO users (id, email, role, tier, is_guest, updated_at) VALUES
      ($1, $2, 'admin', 'free', false, now()), ($3, $4, 'user', 'free', false, now())`,
    [adminId, `admin-${stamp}@example.test`, userId, userEmail],
  );
  await db.query(
    `INSERT INTO usage_ledger (user_id, model, input_tokens, cached_tokens, output_tokens, thinking_tokens,
      total_tokens, cost_micros, estimated, latency_ms, outcome) VALUES ($1, 'gemini-3.8-flash', 10, 0, 20, 0, 30, 1234, false, 50, 'ok')`,
    [userId],
  );
});

test.afterAll(async () => {
  await app?.stop();
  await db?.end();
});

test("an admin reads the dashboard and overrides a user's plan, which is audited", async ({ page, context }) => {
  await context.addCookies([{ name: "gc_guest", value: sign(adminId), url: app.url }]);
  await page.goto(`${app.url}/admin`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.locator('[data-stat="Model cost this month"]')).toHaveText(/^\$\d/);

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search users").fill(userEmail);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=target-/);
  const row = page.getByRole("row").filter({ hasText: userEmail });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("30 tokens");
  await expect(row).toContainText("$0.001234");

  const form = page.getByRole("form", { name: `Override for ${userEmail}` });
  await form.getByLabel("Daily tokens").fill("12x");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toContainText("whole numbers");
  await form.getByLabel("Plan override").selectOption("pro");
  await form.getByLabel("Daily tokens").fill("5,000");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await expect(page.getByTestId(`tier-${userId}`)).toHaveText("free → pro");
  const { rows } = await db.query("SELECT tier_override, daily_token_override FROM users WHERE id = $1", [userId]);
  expect(rows[0]).toEqual({ tier_override: "pro", daily_token_override: "5000" });

  await page.goto(`${app.url}/admin/audit?action=admin.budget_override`);
  const entry = page.getByRole("row").filter({ hasText: userId });
  await expect(entry).toContainText(`admin-${stamp}@example.test`);

  for (const [path, heading] of [
    ["/admin/usage?days=7", "Usage and cost"],
    ["/admin/revenue", "Revenue"],
    ["/admin/webhooks?status=failed", "Webhook log"],
  ] as const) {
    await page.goto(`${app.url}${path}`);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  }
  await expect(
    page.getByRole("table", { name: "Webhook events" }).or(page.getByText("No webhook events.")),
  ).toBeVisible();
});

test("an admin pauses new sign-ups from the dashboard: a new address is refused, audited, and reopened", async ({
  page,
  context,
  browser,
}) => {
  await context.addCookies([{ name: "gc_guest", value: sign(adminId), url: app.url }]);
  await page.goto(`${app.url}/admin`);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Switches" }).click();
  await expect(page.getByRole("heading", { name: "Switches", level: 1 })).toBeVisible();
  const state = page.getByTestId("switch-signUps");
  await expect(state).toHaveText("on");
  await page.getByRole("button", { name: "Turn off new sign-ups" }).click();
  await expect(state).toHaveText("off");
  try {
    const visitor = await browser.newContext();
    const signIn = await visitor.newPage();
    await signIn.goto(`${app.url}/sign-in`);
    await signIn.getByLabel("Email").fill(`newcomer-${stamp}@example.com`);
    await signIn.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(signIn.getByRole("alert").filter({ hasText: "New sign-ups are paused" })).toBeVisible();
    await visitor.close();
    const { rows } = await db.query(
      `SELECT actor_id, metadata FROM audit_log WHERE action = 'admin.switch' AND target_id = 'signUps' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ actor_id: adminId, metadata: { from: true, to: false } });
  } finally {
    await page.getByRole("button", { name: "Turn on new sign-ups" }).click();
    await expect(state).toHaveText("on");
  }
});

test("every admin page, with its data, has no serious accessibility violations (light and dark)", async ({
  browser,
}) => {
  // axe is injected by the test: the pages' nonce-only CSP is bypassed, not weakened.
  const ctx = await browser.newContext({ bypassCSP: true });
  await ctx.addCookies([{ name: "gc_guest", value: sign(adminId), url: app.url }]);
  const page = await ctx.newPage();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of ADMIN_PAGES) {
      // The users page with a search shows the user's row and override form.
      await page.goto(`${app.url}${path}?q=${encodeURIComponent(userEmail)}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await seriousViolations(page), `${path} (${scheme})`).toEqual([]);
    }
  }
  await ctx.close();
});

test("anyone but an admin gets a plain 404 from every admin page", async ({ browser }) => {
  const asUser = await browser.newContext();
  await asUser.addCookies([{ name: "gc_guest", value: sign(userId), url: app.url }]);
  const anonymous = await browser.newContext();
  for (const ctx of [asUser, anonymous]) {
    for (const path of ADMIN_PAGES) {
      const res = await ctx.request.get(`${app.url}${path}?q=${encodeURIComponent(userEmail)}`);
      expect(res.status(), path).toBe(404);
      expect(await res.text()).not.toContain(userEmail);
    }
  }
  await asUser.close();
  await anonymous.close();
});
