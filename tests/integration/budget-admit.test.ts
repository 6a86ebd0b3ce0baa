import { describe, expect, it } from "vitest";
import { readBudgetState } from "@/lib/budget/account";
import { admitFast } from "@/lib/budget/admit";
import { getDb } from "@/lib/db/client";
import { query, sql } from "@/lib/db/sql";

const now = new Date("2026-05-04T10:00:30Z");
const MINUTE = 60_000;

async function freeUser(daily = 50_000): Promise<string> {
  const u = await getDb().user.create({ data: { tier: "free", dailyTokenOverride: BigInt(daily) } });
  return u.id;
}

async function holds(userId: string): Promise<number> {
  const rows = await query<{ n: string }>(
    sql`SELECT count(*) AS n FROM budget_reservations WHERE user_id = ${userId} AND status = 'active'`,
  );
  return Number(rows[0]?.n);
}

async function bucket(key: string): Promise<number> {
  const rows = await query<{ count: string }>(sql`SELECT count FROM rate_limit_buckets WHERE key = ${key}`);
  return Number(rows[0]?.count ?? 0);
}

async function admit(userId: string, tokens: number, limitKey: string, limit: number) {
  const account = await readBudgetState(userId, now);
  const checks = [{ key: limitKey, limit }];
  return admitFast({ userId, account, tokens, costMicros: 10, now, ttlMs: 60_000, checks, windowMs: MINUTE });
}

describe("one-statement admission (rate limits + budget hold)", () => {
  it("takes the rate limit and the hold together when both fit", async () => {
    const userId = await freeUser();
    const r = await admit(userId, 1_000, `t:${userId}`, 5);
    expect(r?.id).toBeTruthy();
    expect(r?.limits.dailyTokens).toBe(50_000);
    expect(await holds(userId)).toBe(1);
    expect(await bucket(`t:${userId}`)).toBe(1);
  });

  it("keeps no hold when a rate limit is full, and takes nothing", async () => {
    const userId = await freeUser();
    expect(await admit(userId, 1_000, `t:${userId}`, 1)).not.toBeNull();
    expect(await admit(userId, 1_000, `t:${userId}`, 1)).toBeNull();
    expect(await holds(userId)).toBe(1);
    expect(await bucket(`t:${userId}`)).toBe(1);
  });

  it("takes no rate limit when the budget does not fit", async () => {
    const userId = await freeUser(500);
    expect(await admit(userId, 1_000, `t:${userId}`, 5)).toBeNull();
    const rows = await query(sql`SELECT 1 FROM rate_limit_buckets WHERE key = ${`t:${userId}`}`);
    expect(rows).toHaveLength(0);
  });

  it("gives the rate limit back when the budget does not fit", async () => {
    const userId = await freeUser(500);
    expect(await admit(userId, 1_000, `t:${userId}`, 5)).toBeNull();
    expect(await holds(userId)).toBe(0);
    expect(await bucket(`t:${userId}`)).toBe(0);
  });

  it("refuses a stale account read (the tier changed) and gives the rate limit back", async () => {
    const userId = await freeUser();
    const account = await readBudgetState(userId, now);
    await getDb().user.update({ where: { id: userId }, data: { dailyTokenOverride: BigInt(10) } });
    const checks = [{ key: `t:${userId}`, limit: 5 }];
    const r = await admitFast({
      userId,
      account,
      tokens: 1_000,
      costMicros: 10,
      now,
      ttlMs: 60_000,
      checks,
      windowMs: MINUTE,
    });
    expect(r).toBeNull();
    expect(await holds(userId)).toBe(0);
    expect(await bucket(`t:${userId}`)).toBe(0);
  });

  it("never lets concurrent admissions together exceed the budget", async () => {
    const userId = await freeUser(10_000);
    const results = await Promise.all(Array.from({ length: 30 }, () => admit(userId, 1_000, `t:${userId}`, 100)));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await holds(userId)).toBe(10);
    expect(await bucket(`t:${userId}`)).toBe(10);
  });
});
