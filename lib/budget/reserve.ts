// Reserve, the first half of reserve-then-settle, in one round trip: limits and
// windows come from an unlocked read (usually the one the router already made),
// and budget_reserve() (lib/budget/functions/budget.sql) locks the user row,
// which serializes this user's reservations across all app instances, checks
// that the account has not changed since that read, sweeps lapsed holds, reads
// settled use + live holds after the lock, and inserts a hold for the call's
// worst case only if every limit still fits. Otherwise 402, explained from the
// snapshot it returns. Holds past expiresAt stop counting at once, so no cron.
import crypto from "node:crypto";
import { query, type Sql, toInt } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { readBudgetState, type BudgetAccount, type SpendSnapshot } from "./account";
import { budgetExceeded, heldByAnswersInProgress, type BudgetLimitKind } from "./errors";
import { smallestTurnTokens } from "./hold-size";
import type { EffectiveLimits } from "./limits";
import { remaining } from "./snapshot";
import * as statements from "./statements";
import { oneAtATime } from "./user-queue";
import { windowsAt, type Window } from "./windows";

export const DEFAULT_RESERVATION_TTL_MS = 10 * 60_000;
// An account that keeps changing under us (tier flapping) is given up on with a 503.
const MAX_STALE_RETRIES = 3;

export interface ReserveInput {
  userId: string;
  tokens: number;
  costMicros: number;
  now: Date;
  ttlMs?: number;
  /** A recent unlocked read of the account; re-read if it turns out stale. */
  account?: BudgetAccount;
}

export interface Reservation {
  id: string;
  limits: EffectiveLimits;
  windows: { day: Window; month: Window };
}

/** What budget_reserve() returns. */
export interface ReserveRow {
  outcome: "reserved" | "refused" | "stale" | "no_user";
  day_tokens: string | null;
  month_tokens: string | null;
  month_cost: string | null;
  held_tokens: string | null;
  held_cost: string | null;
  /** On a refusal: the limits the hold breaks with the live holds, and on settled use alone. */
  broken: BudgetLimitKind[] | null;
  broken_settled: BudgetLimitKind[] | null;
}

/** A new hold: its id, whole tokens and micro-dollars, and when it lapses. */
export function newHold(input: { tokens: number; costMicros: number; now: Date; ttlMs?: number }) {
  return {
    id: crypto.randomUUID(),
    tokens: Math.max(0, Math.ceil(input.tokens)),
    costMicros: Math.max(0, Math.ceil(input.costMicros)),
    now: input.now,
    expiresAt: new Date(input.now.getTime() + (input.ttlMs ?? DEFAULT_RESERVATION_TTL_MS)),
  };
}

/**
 * The budget_reserve() call taking `hold` for `userId` against an account read,
 * and the windows it uses. `user` may name the user by an SQL expression instead.
 */
export function reserveCall(
  userId: string,
  account: BudgetAccount,
  hold: ReturnType<typeof newHold>,
  user: Sql | string = userId,
) {
  const windows = windowsAt(hold.now, account.periods);
  return { call: statements.budgetReserve(user, account.key, hold, windows, account.limits), windows };
}

export async function reserve(input: ReserveInput): Promise<Reservation> {
  const { userId, now } = input;
  const hold = newHold(input);
  const { id } = hold;
  // In-process queue per user: a burst from one user waits here, not on the row
  // lock with a pooled connection each (which would starve unrelated queries).
  return oneAtATime(userId, async () => {
    let account = input.account ?? (await readBudgetState(userId, now));
    for (let attempt = 0; ; attempt++) {
      const { limits } = account;
      const { call, windows } = reserveCall(userId, account, hold);
      const [row] = await query<ReserveRow>(statements.fromTable(call));
      switch (row?.outcome) {
        case "reserved":
          return { id, limits, windows };
        case "refused":
          // Fits in what is settled: refused only for the holds of answers in progress.
          if (!row.broken_settled?.length) throw heldByAnswersInProgress();
          throw budgetExceeded({
            tier: limits.tier,
            ...latestReset(row.broken ?? [], windows),
            newChatFits: smallestTurnFits(limits, snapshotOf(row)),
          });
        case "stale":
          if (attempt >= MAX_STALE_RETRIES)
            throw new AppError("unavailable:chat", "Your plan is changing right now. Please try again in a moment.");
          account = await readBudgetState(userId, now);
          continue;
        default:
          throw new AppError("unauthorized:chat", "Your session has ended. Reload the page to continue.");
      }
    }
  });
}

export function snapshotOf(row: ReserveRow): SpendSnapshot {
  return {
    dayTokens: toInt(row.day_tokens),
    monthTokens: toInt(row.month_tokens),
    monthCostMicros: toInt(row.month_cost),
    heldTokens: toInt(row.held_tokens),
    heldCostMicros: toInt(row.held_cost),
  };
}

/**
 * Of the limits a hold breaks (budget_broken() in lib/budget/functions/budget.sql
 * decides which), the one to wait for: the caller can go on only once the latest resets.
 */
export function latestReset(
  broken: readonly BudgetLimitKind[],
  windows: { day: Window; month: Window },
): { limit: BudgetLimitKind; resetAt: Date } {
  const resets = broken.map((limit) => ({ limit, resetAt: limit === "day" ? windows.day.end : windows.month.end }));
  if (resets.length === 0) return { limit: "day", resetAt: windows.day.end };
  return resets.reduce((latest, b) => (b.resetAt > latest.resetAt ? b : latest));
}

/** Whether a short question in a new chat would still be admitted (tokens and cost). */
export function smallestTurnFits(limits: EffectiveLimits, s: SpendSnapshot): boolean {
  const left = remaining(limits, s);
  return (left.tokens == null || left.tokens >= smallestTurnTokens(limits.maxOutputTokens)) && left.costMicros !== 0;
}

/** Gives a hold back unused (the call never reached the model). */
export async function release(reservationId: string, now: Date): Promise<void> {
  await query(statements.releaseHold(reservationId, now));
}
