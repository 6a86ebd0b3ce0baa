// Reads what a budget decision needs about one user in ONE statement: limits,
// live billing periods, the account key budget_reserve() checks, and settled use
// plus live holds (a single statement sees a settlement wholly or not at all).
import type { Tier } from "@/lib/db/generated/enums";
import { query, type Queryable, toInt } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { effectiveLimits, type EffectiveLimits } from "./limits";
import * as statements from "./statements";
import { windowsAt, type BillingPeriod, type Window } from "./windows";

export interface BudgetAccount {
  limits: EffectiveLimits;
  periods: BillingPeriod[];
  /** budget_account_key(): the reservation is refused as stale if this changed. */
  key: string;
}

export interface SpendSnapshot {
  dayTokens: number;
  monthTokens: number;
  monthCostMicros: number;
  /** Active, unexpired reservations: counted against every window until settled. */
  heldTokens: number;
  heldCostMicros: number;
}

export interface BudgetState extends BudgetAccount {
  windows: { day: Window; month: Window };
  snapshot: SpendSnapshot;
}

export interface BudgetStateRow {
  tier: Tier;
  tier_override: Tier | null;
  daily_token_override: string | null;
  month_token_override: string | null;
  periods: unknown;
  account_key: string;
  counters: [string, number, number, number][] | null;
  held_tokens: string;
  held_cost: string;
}

export async function readBudgetState(userId: string, now: Date, on?: Queryable): Promise<BudgetState> {
  const [row] = await query<BudgetStateRow>(statements.budgetState(userId, now), on);
  if (!row) throw new AppError("unauthorized:chat", "Your session has ended. Reload the page to continue.");
  return parseBudgetState(row, now);
}

/** The state from a row holding budgetStateColumns(now). */
export function parseBudgetState(row: BudgetStateRow, now: Date): BudgetState {
  const periods = parsePeriods(row.periods);
  const windows = windowsAt(now, periods);
  const sum = (kind: Window["kind"], start: Date, field: 2 | 3) =>
    (row.counters ?? [])
      .filter(([w, s]) => w === kind && Number(s) === start.getTime())
      .reduce((total, c) => total + toInt(c[field]), 0);
  return {
    limits: effectiveLimits({
      tier: row.tier,
      tierOverride: row.tier_override,
      dailyTokenOverride: row.daily_token_override == null ? null : toInt(row.daily_token_override),
      monthTokenOverride: row.month_token_override == null ? null : toInt(row.month_token_override),
    }),
    periods,
    key: row.account_key,
    windows,
    snapshot: {
      dayTokens: sum("day", windows.day.start, 2),
      monthTokens: sum("month", windows.month.start, 2),
      monthCostMicros: sum("month", windows.month.start, 3),
      heldTokens: toInt(row.held_tokens),
      heldCostMicros: toInt(row.held_cost),
    },
  };
}

export function parsePeriods(json: unknown): BillingPeriod[] {
  const list = (typeof json === "string" ? JSON.parse(json) : json) as [number, number][] | null;
  return (list ?? []).map(([s, e]) => ({
    currentPeriodStart: new Date(Number(s)),
    currentPeriodEnd: new Date(Number(e)),
  }));
}

export async function loadBillingPeriods(userId: string): Promise<BillingPeriod[]> {
  const [row] = await query<{ periods: unknown }>(statements.billingPeriods(userId));
  return parsePeriods(row?.periods);
}
