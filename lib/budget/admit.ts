// The usual chat admission in ONE round trip: the rate limits' fast path (every
// check takes its amount if it fits) and, only if all were taken, the budget hold
// through budget_reserve_if(), which locks the user row exactly as reserve() does.
// Anything else (a limit full, the budget short, the account changed since it
// was read) gives back what was taken and returns null: the caller then goes the
// exact way, reserve() then the limiters, for the right error (402 before 429),
// Retry-After and the bounded wait for model capacity.
import crypto from "node:crypto";
import { query, sql } from "@/lib/db/sql";
import { refundTaken, type TakeAll } from "@/lib/ratelimit/sliding-window";
import type { BudgetAccount } from "./account";
import type { Reservation } from "./reserve";
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
  limits: TakeAll;
}

export async function admitFast(input: AdmitInput): Promise<Reservation | null> {
  const { userId, account, now, limits: take } = input;
  const { limits, periods, key } = account;
  const windows = windowsAt(now, periods);
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const tokens = Math.max(0, Math.ceil(input.tokens));
  const costMicros = Math.max(0, Math.ceil(input.costMicros));
  // Same per-user queue as reserve(): a burst from one user waits here, not on the row lock.
  const row = await oneAtATime(userId, async () => {
    const [r] = await query<{ keys: string[]; outcome: string | null }>(sql`${take.cte}
      SELECT t.keys, b.outcome FROM taken t
      LEFT JOIN LATERAL budget_reserve_if(cardinality(t.keys) = ${take.checks.length}, ${userId}, ${key}, ${id},
        ${tokens}, ${costMicros}, ${windows.day.start}::timestamp, ${windows.month.start}::timestamp,
        ${now}::timestamp, ${expiresAt}::timestamp, ${limits.dailyTokens}, ${limits.monthlyTokens},
        ${limits.monthlyCostCapMicros}) b ON true`);
    return r;
  });
  if (row?.outcome === "reserved") return { id, limits, windows };
  await refundTaken(take, row?.keys ?? []);
  return null;
}
