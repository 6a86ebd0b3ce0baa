// The usual chat admission in ONE round trip, in the exact path's order: the
// budget hold through budget_reserve() (which locks the user row, as reserve()
// does), then, only if it was reserved, the rate limits' fast path (every check
// takes its amount if it fits). The shared rows of the global model limiter are
// locked last, so they are held only for the end of the statement: concurrent
// turns of different users queue on them as briefly as possible.
// Anything else (the budget short, a limit full, the account changed since it
// was read) gives back what was taken and returns null: the caller then goes the
// exact way, reserve() then the limiters, for the right error (402 before 429),
// Retry-After and the bounded wait for model capacity.
import crypto from "node:crypto";
import { query, sql } from "@/lib/db/sql";
import { refundTaken, takeAllSql, type Check } from "@/lib/ratelimit/sliding-window";
import type { BudgetAccount } from "./account";
import { release, type Reservation } from "./reserve";
import { oneAtATime } from "./user-queue";
import { windowsAt } from "./windows";

export interface AdmitInput {
  userId: string;
  /** A recent unlocked read; budget_reserve() refuses it as stale if it changed. */
  account: BudgetAccount;
  tokens: number;
  costMicros: number;
  now: Date;
  ttlMs: number;
  /** Rate limits, all in one window of `windowMs`. */
  checks: Check[];
  windowMs: number;
}

export async function admitFast(input: AdmitInput): Promise<Reservation | null> {
  const { userId, account, now } = input;
  const { limits, periods, key } = account;
  const windows = windowsAt(now, periods);
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const tokens = Math.max(0, Math.ceil(input.tokens));
  const costMicros = Math.max(0, Math.ceil(input.costMicros));
  const take = takeAllSql(input.checks, input.windowMs, now, sql`(SELECT outcome FROM hold) = 'reserved'`);
  // Same per-user queue as reserve(): a burst from one user waits here, not on the row lock.
  const row = await oneAtATime(userId, async () => {
    const [r] = await query<{ outcome: string; keys: string[] }>(sql`
      WITH hold AS (
        SELECT outcome FROM budget_reserve(${userId}, ${key}, ${id}, ${tokens}, ${costMicros},
          ${windows.day.start}::timestamp, ${windows.month.start}::timestamp, ${now}::timestamp,
          ${expiresAt}::timestamp, ${limits.dailyTokens}, ${limits.monthlyTokens}, ${limits.monthlyCostCapMicros})
      ), ${take.ctes}
      SELECT h.outcome, t.keys FROM hold h, taken t`);
    return r;
  });
  const keys = row?.keys ?? [];
  if (row?.outcome === "reserved" && keys.length === input.checks.length) return { id, limits, windows };
  if (row?.outcome === "reserved") await release(id, now);
  await refundTaken(take, keys);
  return null;
}
