// The admin dashboard's figures, from seeded rows: cost by model and by UTC day,
// recurring revenue from subscriptions and the plan catalog, the user list with
// this month's usage, the overview, and the log filters.
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntries, webhookEvents } from "@/lib/admin/logs";
import { formatCents, formatMicros } from "@/lib/admin/money";
import { overview } from "@/lib/admin/overview";
import { revenue } from "@/lib/admin/revenue";
import { costByDay, costByModel } from "@/lib/admin/usage";
import { listUsers } from "@/lib/admin/users";
import { overrideBudget } from "@/lib/budget/admin-override";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { createAdmin } from "@/tests/helpers/auth";

const NOW = new Date("2031-03-15T12:00:00Z");
const at = (iso: string) => new Date(iso);
let pro: string;
let free: string;
let admin: string;

function ledger(
  userId: string | null,
  model: string,
  createdAt: Date,
  p: Partial<Record<string, number | boolean | string>> = {},
) {
  return {
    userId,
    model,
    inputTokens: 100,
    cachedTokens: 20,
    outputTokens: 50,
    thinkingTokens: 10,
    totalTokens: 160,
    costMicros: BigInt((p.cost as number | undefined) ?? 1_000),
    estimated: Boolean(p.estimated),
    latencyMs: (p.latency as number | undefined) ?? 100,
    outcome: (p.outcome as string | undefined) ?? "ok",
    createdAt,
  };
}

beforeAll(async () => {
  const db = getDb();
  admin = (await createAdmin({ email: "boss@example.com" })).id;
  pro = (await db.user.create({ data: { email: "pro_50%@example.com", tier: "pro" } })).id;
  free = (await db.user.create({ data: { email: "free@example.com" } })).id;
  await db.user.create({ data: { isGuest: true, tier: "guest" } });
  await db.usageLedger.createMany({
    data: [
      ledger(pro, "gemini-4-argon", at("2031-03-15T09:00:00Z"), { cost: 500_000, latency: 300 }),
      ledger(pro, "gemini-4-argon", at("2031-03-14T09:00:00Z"), { cost: 700_000, latency: 500, estimated: true }),
      ledger(free, "gemini-3.8-flash", at("2031-03-15T01:00:00Z"), { cost: 2_000 }),
      ledger(free, "gemini-3.8-flash", at("2031-03-10T01:00:00Z"), { cost: 3_000, outcome: "error" }),
      // Last month, and a deleted user's call: in the ranges that reach them only.
      ledger(pro, "gemini-3.8-flash", at("2031-02-28T23:00:00Z"), { cost: 9_000 }),
      ledger(null, "gemini-3.5-flash-lite", at("2031-03-01T00:00:00Z"), { cost: 40 }),
    ],
  });
  const period = { currentPeriodStart: at("2031-03-01T00:00:00Z"), currentPeriodEnd: at("2031-04-01T00:00:00Z") };
  await db.subscription.createMany({
    data: [
      {
        id: "sub_pro_m",
        userId: pro,
        customerId: "cus_1",
        status: "active",
        priceId: "price_pro_monthly",
        tier: "pro",
        ...period,
      },
      {
        id: "sub_team_y",
        userId: free,
        customerId: "cus_2",
        status: "past_due",
        priceId: "price_team_yearly",
        tier: "team",
        ...period,
      },
      {
        id: "sub_trial",
        userId: free,
        customerId: "cus_2",
        status: "trialing",
        priceId: "price_pro_monthly",
        tier: "pro",
        ...period,
      },
      {
        id: "sub_gone",
        userId: free,
        customerId: "cus_2",
        status: "canceled",
        priceId: "price_pro_monthly",
        tier: "pro",
        ...period,
      },
      {
        id: "sub_odd",
        userId: admin,
        customerId: "cus_3",
        status: "active",
        priceId: "price_legacy",
        tier: "pro",
        ...period,
      },
    ],
  });
  await db.processedWebhookEvent.createMany({
    data: [
      { id: "evt_ok", type: "invoice.paid", status: "processed", receivedAt: at("2031-03-15T08:00:00Z") },
      {
        id: "evt_bad",
        type: "customer.subscription.updated",
        status: "failed",
        error: "Error: boom",
        receivedAt: at("2031-03-14T08:00:00Z"),
      },
      { id: "evt_old", type: "invoice.paid", status: "failed", receivedAt: at("2031-02-01T08:00:00Z") },
    ],
  });
  await overrideBudget({
    actorId: admin,
    userId: free,
    ip: "10.0.0.9",
    change: { tierOverride: "team", dailyTokenOverride: 123 },
  });
});

describe("admin reports", () => {
  it("sums cost by model over the last days, and counts estimated and failed calls", async () => {
    const week = await costByModel(7, NOW);
    expect(week.map((m) => [m.model, m.calls, m.costMicros, m.estimatedCalls, m.failedCalls, m.avgLatencyMs])).toEqual([
      ["gemini-4-argon", 2, 1_200_000, 1, 0, 400],
      ["gemini-3.8-flash", 2, 5_000, 0, 1, 100],
    ]);
    expect(week[0]).toMatchObject({ inputTokens: 200, cachedTokens: 40, outputTokens: 100, thinkingTokens: 20 });
    const month = await costByModel(30, NOW);
    expect(month.map((m) => [m.model, m.calls, m.costMicros])).toEqual([
      ["gemini-4-argon", 2, 1_200_000],
      ["gemini-3.8-flash", 3, 14_000],
      ["gemini-3.5-flash-lite", 1, 40],
    ]);
  });

  it("gives every UTC day of the range, empty days included, newest first", async () => {
    const days = await costByDay(7, NOW);
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ day: "2031-03-15", calls: 2, tokens: 320, costMicros: 502_000 });
    expect(days[1]).toEqual({ day: "2031-03-14", calls: 1, tokens: 160, costMicros: 700_000 });
    expect(days[2]).toEqual({ day: "2031-03-13", calls: 0, tokens: 0, costMicros: 0 });
    expect(days.at(-1)?.day).toBe("2031-03-09");
  });

  it("counts paying subscriptions at their monthly equivalent, and flags prices the catalog does not know", async () => {
    const r = await revenue();
    // Pro monthly $20 + Team yearly $600 / 12; the trial and the canceled one pay nothing.
    expect(r.mrrCents).toBe(2_000 + 5_000);
    expect(r.byTier).toEqual([
      { tier: "team", subscriptions: 1, mrrCents: 5_000 },
      { tier: "pro", subscriptions: 1, mrrCents: 2_000 },
    ]);
    expect(r.unknownPrices).toBe(1);
    expect(r.subscriptions).toHaveLength(5);
    expect(r.subscriptions.find((s) => s.id === "sub_odd")?.monthlyCents).toBeNull();
    expect(Object.fromEntries(r.byStatus.map((s) => [s.status, s.subscriptions]))).toEqual({
      active: 2,
      past_due: 1,
      trialing: 1,
      canceled: 1,
    });
  });

  it("lists users with this month's usage, searches emails literally and by id", async () => {
    const all = await listUsers({}, NOW);
    expect(all.rows).toHaveLength(4);
    const p = all.rows.find((u) => u.id === pro)!;
    // February's call is not this month's.
    expect(p).toMatchObject({ tier: "pro", monthTokens: 320, monthCostMicros: 1_200_000 });
    const f = all.rows.find((u) => u.id === free)!;
    expect(f).toMatchObject({ tierOverride: "team", dailyTokenOverride: 123, monthTokenOverride: null });
    // "%" and "_" are not wildcards: only the address that has them matches.
    expect((await listUsers({ q: "_50%" }, NOW)).rows.map((u) => u.id)).toEqual([pro]);
    expect((await listUsers({ q: "o%5" }, NOW)).rows).toEqual([]);
    expect((await listUsers({ q: free }, NOW)).rows.map((u) => u.email)).toEqual(["free@example.com"]);
    expect((await listUsers({ registered: true }, NOW)).rows.every((u) => !u.isGuest)).toBe(true);
    expect((await listUsers({ registered: true }, NOW)).rows).toHaveLength(3);
    // The role shown is the one in force: an admin row whose address left ADMIN_EMAILS is a user.
    expect(all.rows.find((u) => u.id === admin)!.role).toBe("admin");
    const listed = process.env.ADMIN_EMAILS;
    process.env.ADMIN_EMAILS = "";
    resetEnvCache();
    try {
      expect((await listUsers({ q: "boss@" }, NOW)).rows.map((u) => u.role)).toEqual(["user"]);
    } finally {
      process.env.ADMIN_EMAILS = listed;
      resetEnvCache();
    }
  });

  it("sums the overview: users by plan, spend today and this month, revenue, failed webhooks", async () => {
    const o = await overview(NOW);
    expect(o.guests).toBe(1);
    // By the plan in force: free@ has an admin's "team" override.
    expect(Object.fromEntries(o.usersByTier.map((t) => [t.tier, t.users]))).toEqual({ free: 1, pro: 1, team: 1 });
    expect(o.today).toEqual({ calls: 2, tokens: 320, costMicros: 502_000 });
    expect(o.month).toEqual({ calls: 5, tokens: 800, costMicros: 1_205_040 });
    expect(o.mrrCents).toBe(7_000);
    expect(o.failedWebhooks7d).toBe(1);
  });

  it("filters the webhook and audit logs", async () => {
    expect((await webhookEvents({ status: "failed" })).map((e) => e.id).sort()).toEqual(["evt_bad", "evt_old"]);
    expect(await webhookEvents()).toHaveLength(3);
    const entries = await auditEntries({ action: "admin.budget_override" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorEmail: "boss@example.com", targetId: free, ip: "10.0.0.9" });
    expect(await auditEntries({ action: "no.such.action" })).toEqual([]);
  });

  it("formats integer money without losing a cent", () => {
    expect(formatCents(123_456)).toBe("$1,234.56");
    expect(formatCents(5)).toBe("$0.05");
    expect(formatMicros(1_205_040)).toBe("$1.21");
    expect(formatMicros(999_999)).toBe("$0.999999");
    expect(formatMicros(1_999_999)).toBe("$2.00");
    expect(formatMicros(-2_500_000)).toBe("-$2.50");
    expect(formatMicros(0)).toBe("$0.00");
  });
});
