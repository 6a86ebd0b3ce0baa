// Effective limits of one user: the tier (admin tierOverride wins over the billed
// tier) with per-user token overrides on top. Pure, so the reservation
// transaction and the usage API decide from the same numbers.
import type { Tier } from "@/lib/db/generated/enums";
import { tierLimits } from "./tiers";

export interface BudgetUserRow {
  tier: Tier;
  tierOverride: Tier | null;
  dailyTokenOverride: bigint | number | null;
  monthTokenOverride: bigint | number | null;
}

export interface EffectiveLimits {
  tier: Tier;
  dailyTokens: number | null;
  monthlyTokens: number | null;
  monthlyCostCapMicros: number | null;
  requestsPerMinute: number;
  maxOutputTokens: number;
}

export function effectiveLimits(user: BudgetUserRow): EffectiveLimits {
  const tier = user.tierOverride ?? user.tier;
  const base = tierLimits(tier);
  return {
    tier,
    dailyTokens: user.dailyTokenOverride != null ? Number(user.dailyTokenOverride) : base.dailyTokens,
    monthlyTokens: user.monthTokenOverride != null ? Number(user.monthTokenOverride) : base.monthlyTokens,
    monthlyCostCapMicros: base.monthlyCostCapMicros,
    requestsPerMinute: base.requestsPerMinute,
    maxOutputTokens: base.maxOutputTokens,
  };
}

/** What a user at the limit can do next: guests sign up, free users upgrade. */
export function wayUp(tier: Tier): { action: "sign_up" | "upgrade" | null; href: string | null } {
  if (tier === "guest") return { action: "sign_up", href: "/sign-in" };
  if (tier === "free") return { action: "upgrade", href: "/pricing" };
  return { action: null, href: null };
}
