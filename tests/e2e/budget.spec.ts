// Budgets end to end on the production build: two app processes share one
// database (the e2e server's), a Gemini emulator answers at once, and requests act
// as prepared users through the signed guest cookie.
//  - 200 concurrent chat requests of one user whose budget covers 10 holds: spend
//    stays within the budget; a refusal is 402 budget_exceeded with resetAt, or 429
//    (reason "held") while only the calls in flight hold the rest.
//  - The same burst against the rate limit: 429s with Retry-After.
//  - The usage meter: banner at 80%, limit message with the way up at 100%.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { sign } from "../../lib/auth/signed-value";
import { resetEnvCache } from "../../lib/config/env";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { startGeminiEmulator, type GeminiEmulator } from "../../stand-ins/gemini/server";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../helpers/standalone";
import { E2E } from "./env";

let emulator: GeminiEmulator;
let apps: BootedServer[] = [];
let db: pg.Client;

test.beforeAll(async () => {
  // Cookies are signed here with the secret the booted servers use.
  process.env.AUTH_SECRET = PRODUCTION_LIKE_ENV.AUTH_SECRET;
  process.env.DATABASE_URL ??= E2E.databaseUrl;
  resetEnvCache();
  emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } });
  const env = { GEMINI_API_KEY: "", GEMINI_BASE_URL: emulator.url, ALLOW_STAND_INS: "1", DATABASE_POOL_SIZE: "10" };
  apps = await Promise.all([0, 1].map(() => bootStandalone({ databaseUrl: E2E.databaseUrl, env })));
  db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
});

test.afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await emulator?.close();
  await db?.end();
});

async function makeUser(tier: string, dailyOverride: number | null = null): Promise<{ id: string; cookie: string }> {
  const id = `e2e-budget-${tier}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await db.query(
    `INSERT INTO users (id, tier, is_guest, daily_token_override, updated_at) VALUES ($1, $2, $3, $4, now())`,
    [id, tier, tier === "guest", dailyOverride],
  );
  return { id, cookie: `gc_guest=${sign(id)}` };
}

function chat(app: BootedServer, cookie: string) {
  return fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ message: "Say hi in one word." }),
  });
}

const int = (v: unknown) => Number(v ?? 0);

/** Opens each server's database pool before a burst, so the burst measures budgets, not connection setup. */
async function warmPools(cookie: string): Promise<void> {
  await Promise.all(
    apps.flatMap((app) =>
      Array.from({ length: 20 }, () => fetch(`${app.url}/api/usage`, { headers: { cookie } }).then((r) => r.text())),
    ),
  );
}

/** One real turn; returns its hold size, or null when budgets are not wired into the chat yet. */
async function probeHold(userId: string, cookie: string): Promise<number | null> {
  const res = await chat(apps[0]!, cookie);
  await res.text();
  expect(res.status).toBe(200);
  const { rows } = await db.query(`SELECT tokens FROM budget_reservations WHERE user_id = $1`, [userId]);
  return rows[0] ? int(rows[0].tokens) : null;
}

test("200 concurrent requests over 2 processes never spend past a budget covering 10", async () => {
  test.setTimeout(120_000);
  // Enterprise rate limit (120/min) stays out of the way of the ~10 admitted calls.
  const user = await makeUser("enterprise", 1_000_000_000);
  const hold = await probeHold(user.id, user.cookie);
  expect(hold, "the chat reserves through the budget guard").not.toBeNull();
  const { rows: before } = await db.query(
    `SELECT COALESCE(SUM(total_tokens), 0) AS t FROM usage_ledger WHERE user_id = $1`,
    [user.id],
  );
  const budget = int(before[0].t) + 10 * hold!;
  await db.query(`UPDATE users SET daily_token_override = $2 WHERE id = $1`, [user.id, budget]);
  await warmPools(user.cookie);

  // The model answers slowly, so the admitted calls are still in flight (holding
  // their worst case) while the rest arrive: the budget, not settlement timing, decides.
  emulator.setFaults({ chunkIntervalMs: 0, latencyMs: 5_000 });
  const responses = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const res = await chat(apps[i % 2]!, user.cookie);
      return { status: res.status, body: await res.text() };
    }),
  );
  emulator.setFaults({ chunkIntervalMs: 0 });
  const ok = responses.filter((r) => r.status === 200);
  const refused = responses.filter((r) => r.status !== 200);
  expect(ok.length).toBeGreaterThanOrEqual(10);
  for (const r of refused) {
    const body = JSON.parse(r.body);
    if (r.status === 429) {
      // Refused only for the holds of the calls in flight: a short wait, not the reset.
      expect(body.error).toMatchObject({ code: "rate_limit:chat", reason: "held" });
      continue;
    }
    expect(r.status).toBe(402);
    expect(body.error.code).toBe("budget_exceeded:chat");
    expect(Date.parse(body.error.resetAt)).toBeGreaterThan(Date.now());
  }
  const { rows } = await db.query(
    `SELECT COALESCE(SUM(total_tokens), 0) AS spent, COUNT(*) AS calls FROM usage_ledger WHERE user_id = $1`,
    [user.id],
  );
  // Slack: input beyond the estimate's margin, per call; the emulator counts with the same tokenizer (0).
  expect(int(rows[0].spent)).toBeLessThanOrEqual(budget);
  const { rows: counters } = await db.query(
    `SELECT tokens_used FROM budget_counters WHERE user_id = $1 AND "window" = 'day'`,
    [user.id],
  );
  expect(counters.reduce((s, c) => s + int(c.tokens_used), 0)).toBe(int(rows[0].spent));
});

test("the same burst against the rate limit gets 429 with Retry-After", async () => {
  const user = await makeUser("pro", 1_000_000_000);
  expect(await probeHold(user.id, user.cookie)).not.toBeNull();
  // Pro: 30 requests per minute, one already used by the probe.
  await warmPools(user.cookie);
  const responses = await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const res = await chat(apps[i % 2]!, user.cookie);
      await res.text();
      return res;
    }),
  );
  const ok = responses.filter((r) => r.status === 200).length;
  const limited = responses.filter((r) => r.status === 429);
  // 29, or 30 when the burst lands in the next minute and the probe already weighs less.
  expect(ok).toBeGreaterThanOrEqual(29);
  expect(ok).toBeLessThanOrEqual(30);
  expect(ok + limited.length).toBe(60);
  for (const r of limited) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("the usage meter warns at 80% and shows the limit with the way up at 100%", async ({ browser }) => {
  const day = new Date();
  const dayStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const setUsed = (userId: string, tokens: number) =>
    db.query(
      `INSERT INTO budget_counters (user_id, "window", window_start, tokens_used, cost_micros)
       VALUES ($1, 'day', $2::timestamp, $3, 0)
       ON CONFLICT (user_id, "window", window_start) DO UPDATE SET tokens_used = EXCLUDED.tokens_used`,
      [userId, dayStart.toISOString(), tokens],
    );
  for (const [tier, wayUp] of [
    ["free", "/pricing"],
    ["guest", "/sign-in"],
  ] as const) {
    // Big enough that 18% left still takes a short question at the lowest output cap.
    const user = await makeUser(tier, 10_000);
    const context = await browser.newContext();
    const { hostname } = new URL(apps[0]!.url);
    await context.addCookies([{ name: "gc_guest", value: sign(user.id), domain: hostname, path: "/" }]);
    const page = await context.newPage();

    await setUsed(user.id, 8_200);
    await page.goto(`${apps[0]!.url}/chat`);
    const meter = page.getByTestId("usage-meter");
    await expect(meter).toBeVisible();
    await expect(page.getByTestId("usage-warning")).toContainText("82%");
    await expect(page.getByTestId("usage-limit")).toHaveCount(0);

    await setUsed(user.id, 10_000);
    await page.reload();
    await expect(page.getByTestId("usage-limit")).toContainText("resets at");
    await expect(page.getByTestId("usage-way-up")).toHaveAttribute("href", wayUp);

    // Sent anyway, the message is refused with the reason, and it comes back to the box.
    const input = page.getByLabel("Message");
    await input.fill(`Keep this text, ${tier} user`);
    await input.press("Enter");
    await expect(page.getByTestId("chat-error")).toContainText("used today's allowance");
    await expect(input).toHaveValue(`Keep this text, ${tier} user`);
    await expect(page.getByRole("listitem").filter({ hasText: `Keep this text, ${tier} user` })).toHaveCount(0);
    await context.close();
  }
});
