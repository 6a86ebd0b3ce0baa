// What GET /api/usage and the usage meter show: used and limit per window (held
// tokens of calls in flight count as used, since they cannot be spent twice),
// reset instants, the 80% warning, and `exhausted` exactly when admission would
// refuse even a short question in a new chat (so the meter and refusals agree).
import type { Tier } from "@/lib/db/generated/enums";
import { readBudgetState } from "./account";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import { wayUp } from "./limits";
import { smallestTurnFits } from "./reserve";

export const WARNING_RATIO = 0.8;

export interface WindowUsage {
  used: number;
  limit: number | null;
  resetAt: string;
}

export interface UsageReport {
  tier: Tier;
  day: WindowUsage;
  month: WindowUsage;
  cost: { usedMicros: number; capMicros: number | null };
  /** Tokens held by calls still in flight (counted in `used` until they settle). */
  heldTokens: number;
  warning: boolean;
  exhausted: boolean;
  upgrade: ReturnType<typeof wayUp>;
}

export async function usageReport(userId: string, clock: Clock = systemClock): Promise<UsageReport> {
  const now = clock();
  const { limits, windows, snapshot: s } = await readBudgetState(userId, now);
  const day = { used: s.dayTokens + s.heldTokens, limit: limits.dailyTokens, resetAt: windows.day.end.toISOString() };
  const month = {
    used: s.monthTokens + s.heldTokens,
    limit: limits.monthlyTokens,
    resetAt: windows.month.end.toISOString(),
  };
  const cost = { usedMicros: s.monthCostMicros + s.heldCostMicros, capMicros: limits.monthlyCostCapMicros };
  const top = Math.max(
    ratio(day.used, day.limit),
    ratio(month.used, month.limit),
    ratio(cost.usedMicros, cost.capMicros),
  );
  return {
    tier: limits.tier,
    day,
    month,
    cost,
    heldTokens: s.heldTokens,
    warning: top >= WARNING_RATIO,
    exhausted: top >= 1 || !smallestTurnFits(limits, s),
    upgrade: wayUp(limits.tier),
  };
}

function ratio(used: number, limit: number | null): number {
  if (limit == null) return 0;
  return limit <= 0 ? 1 : used / limit;
}
