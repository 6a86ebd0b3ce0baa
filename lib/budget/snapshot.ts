// What one user has spent and holds in the current windows, read in ONE statement
// so it is a consistent snapshot: a settlement moves tokens from "held" to "used"
// in one transaction, and a single statement sees it either wholly or not at all.
import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "./account";
import { toInt, ts } from "./sql";
import type { Window } from "./windows";

export interface SpendSnapshot {
  dayTokens: number;
  monthTokens: number;
  monthCostMicros: number;
  /** Active, unexpired reservations: counted against every window until settled. */
  heldTokens: number;
  heldCostMicros: number;
}

interface Row {
  day_tokens: unknown;
  month_tokens: unknown;
  month_cost: unknown;
  held_tokens: unknown;
  held_cost: unknown;
}

export async function readSnapshot(
  db: Db,
  userId: string,
  windows: { day: Window; month: Window },
  now: Date,
  opts: { sweepExpired?: boolean } = {},
): Promise<SpendSnapshot> {
  // Marking lapsed holds expired rides along in the same statement (its effect is
  // invisible to this snapshot, which skips them by expires_at anyway).
  const sweep = opts.sweepExpired
    ? Prisma.sql`WITH swept AS (UPDATE budget_reservations SET status = 'expired'
        WHERE user_id = ${userId} AND status = 'active' AND expires_at <= ${ts(now)} RETURNING 1)`
    : Prisma.empty;
  const rows = await db.$queryRaw<Row[]>`
    ${sweep}
    SELECT
      (SELECT COALESCE(SUM(tokens_used), 0)::bigint FROM budget_counters
        WHERE user_id = ${userId} AND "window" = 'day' AND window_start = ${ts(windows.day.start)}) AS day_tokens,
      (SELECT COALESCE(SUM(tokens_used), 0)::bigint FROM budget_counters
        WHERE user_id = ${userId} AND "window" = 'month' AND window_start = ${ts(windows.month.start)}) AS month_tokens,
      (SELECT COALESCE(SUM(cost_micros), 0)::bigint FROM budget_counters
        WHERE user_id = ${userId} AND "window" = 'month' AND window_start = ${ts(windows.month.start)}) AS month_cost,
      (SELECT COALESCE(SUM(tokens), 0)::bigint FROM budget_reservations
        WHERE user_id = ${userId} AND status = 'active' AND expires_at > ${ts(now)}) AS held_tokens,
      (SELECT COALESCE(SUM(cost_micros), 0)::bigint FROM budget_reservations
        WHERE user_id = ${userId} AND status = 'active' AND expires_at > ${ts(now)}) AS held_cost`;
  const r = rows[0];
  return {
    dayTokens: toInt(r?.day_tokens),
    monthTokens: toInt(r?.month_tokens),
    monthCostMicros: toInt(r?.month_cost),
    heldTokens: toInt(r?.held_tokens),
    heldCostMicros: toInt(r?.held_cost),
  };
}

/** Remaining allowance after settled use and holds; null = unlimited. */
export function remaining(
  limits: { dailyTokens: number | null; monthlyTokens: number | null; monthlyCostCapMicros: number | null },
  s: SpendSnapshot,
): { dayTokens: number | null; monthTokens: number | null; tokens: number | null; costMicros: number | null } {
  const left = (limit: number | null, used: number) => (limit == null ? null : Math.max(0, limit - used));
  const dayTokens = left(limits.dailyTokens, s.dayTokens + s.heldTokens);
  const monthTokens = left(limits.monthlyTokens, s.monthTokens + s.heldTokens);
  const both = [dayTokens, monthTokens].filter((v): v is number => v != null);
  return {
    dayTokens,
    monthTokens,
    tokens: both.length ? Math.min(...both) : null,
    costMicros: left(limits.monthlyCostCapMicros, s.monthCostMicros + s.heldCostMicros),
  };
}
