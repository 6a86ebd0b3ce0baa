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
import { query, sql } from "@/lib/db/sql";
import { refundTaken, takeAllSql, type Check } from "@/lib/ratelimit/sliding-window";
import type { BudgetAccount } from "./account";
import { newHold, release, reserveCall, type Reservation } from "./reserve";
import { oneAtATime } from "./user-queue";

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
  const hold = newHold(input);
  const { call, windows } = reserveCall(userId, account, hold);
  const take = takeAllSql(input.checks, input.windowMs, now, sql`(SELECT outcome FROM hold) = 'reserved'`);
  // Same per-user queue as reserve(): a burst from one user waits here, not on the row lock.
  const row = await oneAtATime(userId, async () => {
    const [r] = await query<{ outcome: string; keys: string[] }>(sql`
      WITH hold AS (SELECT outcome FROM ${call}), ${take.ctes}
      SELECT h.outcome, t.keys FROM hold h, taken t`);
    return r;
  });
  const keys = row?.keys ?? [];
  if (row?.outcome === "reserved" && keys.length === input.checks.length)
    return { id: hold.id, limits: account.limits, windows };
  if (row?.outcome === "reserved") await release(hold.id, now);
  await refundTaken(take, keys);
  return null;
}
