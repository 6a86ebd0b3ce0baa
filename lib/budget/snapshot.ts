// What is left of a user's allowance given a snapshot (see account.ts, which reads it).
import type { SpendSnapshot } from "./account";

export type { SpendSnapshot };

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
