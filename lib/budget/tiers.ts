// What each tier may spend. One config; defaults follow the design (seed 002).
// Tokens and micro-dollars are integers; null means unlimited (still metered).
import type { Tier } from "@/lib/db/generated/enums";

export type ModelRole = "fast" | "strong" | "lite";

export interface TierLimits {
  label: string;
  dailyTokens: number | null;
  monthlyTokens: number | null;
  /** Model roles this tier may use; "lite" is always allowed for summaries. */
  models: ModelRole[];
  maxOutputTokens: number;
  requestsPerMinute: number;
  /** Guards the operator's margin: stop before this much provider cost per month. */
  monthlyCostCapMicros: number | null;
}

export const TIERS: Record<Tier, TierLimits> = {
  guest: {
    label: "Guest",
    dailyTokens: 10_000,
    monthlyTokens: null,
    models: ["fast", "lite"],
    maxOutputTokens: 1_024,
    requestsPerMinute: 5,
    monthlyCostCapMicros: 50_000,
  },
  free: {
    label: "Free",
    dailyTokens: 50_000,
    monthlyTokens: 500_000,
    models: ["fast", "lite"],
    maxOutputTokens: 2_048,
    requestsPerMinute: 10,
    monthlyCostCapMicros: 500_000,
  },
  pro: {
    label: "Pro",
    dailyTokens: 200_000,
    monthlyTokens: 3_000_000,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 8_192,
    requestsPerMinute: 30,
    monthlyCostCapMicros: 15_000_000,
  },
  team: {
    label: "Team",
    dailyTokens: 600_000,
    monthlyTokens: 10_000_000,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 8_192,
    requestsPerMinute: 60,
    monthlyCostCapMicros: 50_000_000,
  },
  enterprise: {
    label: "Enterprise",
    dailyTokens: null,
    monthlyTokens: null,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 16_384,
    requestsPerMinute: 120,
    monthlyCostCapMicros: null,
  },
};

export function tierLimits(tier: Tier): TierLimits {
  return TIERS[tier];
}
