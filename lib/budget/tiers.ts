// What each tier may spend. One config; defaults follow the design.
// Tokens and micro-dollars are integers; null means unlimited (still metered).
import type { Tier } from "@/lib/db/generated/enums";
import type { ModelRole, ThinkingLevelName } from "@/lib/ai/catalog";

export interface TierLimits {
  label: string;
  dailyTokens: number | null;
  monthlyTokens: number | null;
  /** Model roles this tier may use; "lite" is always allowed for summaries. */
  models: ModelRole[];
  /**
   * Output cap per call, thinking included (the API counts thoughts against
   * maxOutputTokens): sized so the tier's thinking level leaves room for an answer.
   * The budget hold covers all of it.
   */
  maxOutputTokens: number;
  /** Thinking level per model role; sent as the nearest level the model accepts (lib/ai/thinking.ts). */
  thinking: Record<ModelRole, ThinkingLevelName>;
  requestsPerMinute: number;
  /** Guards the operator's margin: stop before this much provider cost per month. */
  monthlyCostCapMicros: number | null;
  /**
   * Grounding with Google Search: null when the tier may not search, else the
   * search queries allowed per month (null: unlimited, still metered and priced).
   */
  search: { monthlyQueries: number | null } | null;
  /** Files on a message: the largest one, and how many one message may carry. */
  attachments: { maxBytes: number; maxPerMessage: number };
}

const MB = 1024 * 1024;

export const TIERS: Record<Tier, TierLimits> = {
  guest: {
    label: "Guest",
    dailyTokens: 10_000,
    monthlyTokens: null,
    models: ["fast", "lite"],
    maxOutputTokens: 2_048,
    thinking: { fast: "low", strong: "low", lite: "minimal" },
    requestsPerMinute: 5,
    monthlyCostCapMicros: 50_000,
    search: null,
    attachments: { maxBytes: 5 * MB, maxPerMessage: 2 },
  },
  free: {
    label: "Free",
    dailyTokens: 50_000,
    monthlyTokens: 500_000,
    models: ["fast", "lite"],
    maxOutputTokens: 4_096,
    thinking: { fast: "low", strong: "low", lite: "minimal" },
    requestsPerMinute: 10,
    monthlyCostCapMicros: 500_000,
    search: { monthlyQueries: 20 },
    attachments: { maxBytes: 10 * MB, maxPerMessage: 4 },
  },
  pro: {
    label: "Pro",
    dailyTokens: 200_000,
    monthlyTokens: 3_000_000,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 16_384,
    thinking: { fast: "low", strong: "medium", lite: "minimal" },
    requestsPerMinute: 30,
    monthlyCostCapMicros: 15_000_000,
    search: { monthlyQueries: 300 },
    attachments: { maxBytes: 50 * MB, maxPerMessage: 10 },
  },
  team: {
    label: "Team",
    dailyTokens: 600_000,
    monthlyTokens: 10_000_000,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 16_384,
    thinking: { fast: "low", strong: "medium", lite: "minimal" },
    requestsPerMinute: 60,
    monthlyCostCapMicros: 50_000_000,
    search: { monthlyQueries: 1_500 },
    attachments: { maxBytes: 50 * MB, maxPerMessage: 10 },
  },
  enterprise: {
    label: "Enterprise",
    dailyTokens: null,
    monthlyTokens: null,
    models: ["fast", "strong", "lite"],
    maxOutputTokens: 32_768,
    thinking: { fast: "medium", strong: "high", lite: "low" },
    requestsPerMinute: 120,
    monthlyCostCapMicros: null,
    search: { monthlyQueries: null },
    attachments: { maxBytes: 100 * MB, maxPerMessage: 20 },
  },
};

/** Summaries of older turns: the least thinking the lite model accepts (a summary needs no reasoning). */
export const SUMMARY_THINKING: ThinkingLevelName = "minimal";

export function tierLimits(tier: Tier): TierLimits {
  return TIERS[tier];
}
