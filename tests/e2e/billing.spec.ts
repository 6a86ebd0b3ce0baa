// The money loop on the production build: a free user upgrades on the Stripe
// emulator's hosted Checkout page, comes back on Pro (applied by the signed
// webhook), cancels in the hosted portal, keeps Pro until the period ends, and
// is downgraded when the emulator's clock passes it.
// The app process is booted here (like budget.spec.ts) so the test owns the
// Stripe emulator it talks to and can move its clock.
import { expect, test } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";
import { sign } from "../../lib/auth/signed-value";
import { resetEnvCache } from "../../lib/config/env";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { plans } from "../../lib/billing/catalog";
import { startStripeEmulator, type StripeEmulator } from "../../stand-ins/stripe/server";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../helpers/standalone";
import { E2E } from "./env";

const WEBHOOK_SECRET = "whsec_e2e_billing_secret";
const ADMIN_EMAIL = `billing-admin-${Date.now()}@example.test`;
let emulator: StripeEmulator;
let app: BootedServer;
let db: pg.Client;

test.beforeAll(async () => {
  // Cookies are signed here with the secret the booted server uses.
  process.env.AUTH_SECRET = PRODUCTION_LIKE_ENV.AUTH_SECRET;
  process.env.DATABASE_URL ??= E2E.databaseUrl;
  resetEnvCache();
  emulator = await startStripeEmulator({
    webhookSecret: WEBHOOK_SECRET,
    catalog: plans(process.env).map((p) => ({ productId: p.productId, productName: p.name, prices: p.prices })),
    tickIntervalMs: 0,
  });
  app = await bootStandalone({
    databaseUrl: E2E.databaseUrl,
    env: {
      ALLOW_STAND_INS: "1",
      STRIPE_SECRET_KEY: "",
      STRIPE_API_URL: emulator.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ADMIN_EMAILS: ADMIN_EMAIL,
    },
  });
  emulator.configure({ webhookUrl: `${app.url}/api/webhooks/stripe` });
  db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
});

test.afterAll(async () => {
  await app?.stop();
  await emulator?.close();
  await db?.end();
});

async function tierOf(userId: string): Promise<string> {
  const { rows } = await db.query<{ tier: string }>("SELECT tier FROM users WHERE id = $1", [userId]);
  return rows[0]?.tier ?? "missing";
}

test("free user upgrades to pro, cancels in the portal and is downgraded at period end", async ({ page, context }) => {
  const id = `e2e-billing-${Date.now()}`;
  await db.query(
    `INSERT INTO users (id, email, tier, is_guest, email_verified, updated_at) VALUES ($1, $2, 'free', false, now(), now())`,
    [id, `${id}@example.test`],
  );
  await context.addCookies([{ name: "gc_guest", value: sign(id), url: app.url }]);

  // The budget the user has now (the budgets feature reads our subscriptions table).
  const usage = async () => (await page.request.get(`${app.url}/api/usage`)).json();
  await page.goto(`${app.url}/pricing`);
  const freeUsage = await usage();
  expect(freeUsage.tier).toBe("free");
  await expect(page.getByTestId("current-tier")).toContainText("Free");
  await expect(page.getByTestId("plan-pro")).toContainText("$20");
  await expect(page.getByTestId("plan-pro")).toContainText("3,000,000 tokens per month");

  // Upgrade: the emulator's hosted Checkout page, paid with the test card.
  await page.getByTestId("upgrade-pro-month").click();
  await expect(page).toHaveURL(new RegExp(`^${emulator.url}/checkout/`));
  await expect(page.locator("#card-number")).toHaveValue(/4242/);
  await page.locator("#pay-button").click();
  await expect(page).toHaveURL(/\/pricing\?checkout=success/);

  await expect.poll(() => tierOf(id), { timeout: 15_000 }).toBe("pro");
  await page.reload();
  await expect(page.getByTestId("current-tier")).toContainText("Pro");
  await expect(page.getByTestId("current-pro")).toBeVisible();
  // Back on Pro with the larger budget, its month window following the Stripe period.
  const proUsage = await usage();
  expect(proUsage.tier).toBe("pro");
  expect(proUsage.month.limit).toBeGreaterThan(freeUsage.month.limit);
  const { rows: periodRows } = await db.query<{ end: Date }>(
    "SELECT current_period_end AS end FROM subscriptions WHERE user_id = $1",
    [id],
  );
  expect(Date.parse(proUsage.month.resetAt)).toBe(periodRows[0]!.end.getTime());

  // Cancel in the hosted portal: Pro stays until the period ends.
  await page.getByTestId("manage-billing").click();
  await expect(page).toHaveURL(new RegExp(`^${emulator.url}/portal/`));
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.locator("#portal-notice")).toBeVisible();
  await page.locator("#return-link").click();
  await expect(page).toHaveURL(/\/pricing\?portal=return$/);
  await expect
    .poll(
      async () =>
        (await db.query("SELECT cancel_at_period_end FROM subscriptions WHERE user_id = $1", [id])).rows[0]
          ?.cancel_at_period_end,
      {
        timeout: 15_000,
      },
    )
    .toBe(true);
  await page.reload();
  await expect(page.getByTestId("current-tier")).toContainText(/Pro \(ends /);
  expect(await tierOf(id)).toBe("pro");

  // Period end: the emulator's clock moves past it and sends customer.subscription.deleted.
  await emulator.advanceClock(32 * 86_400);
  await expect.poll(() => tierOf(id), { timeout: 15_000 }).toBe("free");
  await page.reload();
  await expect(page.getByTestId("current-tier")).toContainText("Free");
  await expect(page.getByTestId("upgrade-pro-month")).toBeVisible();
});

test("a past-due subscriber sees the banner that leads to the portal", async ({ page, context }) => {
  const id = `e2e-billing-pastdue-${Date.now()}`;
  await db.query(
    `INSERT INTO users (id, email, tier, is_guest, email_verified, updated_at) VALUES ($1, $2, 'free', false, now(), now())`,
    [id, `${id}@example.test`],
  );
  const stripe = new Stripe("sk_test_e2e", { ...emulator.stripeConfig });
  const customer = await stripe.customers.create({ email: `${id}@example.test`, metadata: { userId: id } });
  await db.query("UPDATE users SET stripe_customer_id = $1 WHERE id = $2", [customer.id, id]);
  await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_pro_monthly" }] });
  await expect.poll(() => tierOf(id), { timeout: 15_000 }).toBe("pro");

  emulator.setFailPayments(customer.id, true);
  await emulator.advanceClock(32 * 86_400);
  await expect
    .poll(async () => (await db.query("SELECT status FROM subscriptions WHERE user_id = $1", [id])).rows[0]?.status, {
      timeout: 15_000,
    })
    .toBe("past_due");
  expect(await tierOf(id)).toBe("pro");

  await context.addCookies([{ name: "gc_guest", value: sign(id), url: app.url }]);
  await page.goto(`${app.url}/pricing`);
  await expect(page.getByTestId("past-due-notice")).toBeVisible();
  const banner = page.getByTestId("past-due-banner");
  await expect(banner).toContainText("payment failed");
  await banner.getByRole("button", { name: "Update payment" }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulator.url}/portal/`));
});

test("back from Checkout the plan shows at once; after Cancel immediately it is plain Free and not renewing", async ({
  page,
  context,
}) => {
  const id = `e2e-billing-fresh-${Date.now()}`;
  const adminId = `${id}-admin`;
  await db.query(
    `INSERT INTO users (id, email, tier, is_guest, email_verified, updated_at, role) VALUES
      ($1, $2, 'free', false, now(), now(), 'user'), ($3, $4, 'free', false, now(), now(), 'admin')`,
    [id, `${id}@example.test`, adminId, ADMIN_EMAIL],
  );
  await context.addCookies([{ name: "gc_guest", value: sign(id), url: app.url }]);
  await page.goto(`${app.url}/pricing`);
  await page.getByTestId("upgrade-pro-month").click();
  await page.locator("#pay-button").click();
  await expect(page).toHaveURL(/\/pricing\?checkout=success/);
  // No reload: the page itself re-read Stripe before answering.
  await expect(page.getByTestId("current-tier")).toContainText("Pro");
  await expect(page.getByRole("status")).toContainText("You are on Pro now");
  await expect(page.getByTestId("upgrade-pro-month")).toHaveCount(0);

  await page.getByTestId("manage-billing").click();
  await page.getByRole("button", { name: "Cancel immediately" }).click();
  await page.locator("#return-link").click();
  await expect(page).toHaveURL(/\/pricing\?portal=return$/);
  await expect(page.getByTestId("current-tier")).toHaveText("Your plan: Free");
  await expect(page.getByTestId("upgrade-pro-month")).toBeVisible();

  await context.addCookies([{ name: "gc_guest", value: sign(adminId), url: app.url }]);
  await page.goto(`${app.url}/admin/revenue`);
  const row = page.getByRole("row").filter({ hasText: `${id}@example.test` });
  await expect(row).toContainText("canceled");
  await expect(row).toContainText("no (cancelled)");
});
