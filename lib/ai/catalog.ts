// The Gemini models the product knows: the one place a model id is written in
// production code. Everything else (env defaults, the emulator's model list,
// .env.example, benchmarks, docs) takes ids from here or names them as examples.
// Prices are integer micro-dollars per 1M tokens, effective-dated: a call is
// priced with the entry valid at its own timestamp (lib/ai/cost.ts).
//
// Figures as read on 2026-12-02 (README "Models and prices" lists each source):
// Gemini API pricing page (ai.google.dev/gemini-api/docs/pricing), the models
// page, the Gemini 4 Argon guide and Vertex AI's model-versions page.

/** What a model is used for: everyday answers, hard questions, summaries and titles. */
export const MODEL_ROLES = ["fast", "strong", "lite"] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];
/** What a caller may ask for: a role, or "auto" (the router picks). */
export const REQUESTED_MODELS = ["auto", ...MODEL_ROLES] as const;

/** Thinking levels in increasing order of effort (the API's ThinkingLevel names, lowercased). */
export const THINKING_LEVELS = ["minimal", "low", "medium", "high"] as const;
export type ThinkingLevelName = (typeof THINKING_LEVELS)[number];

export interface PriceTier {
  input: number;
  cachedInput: number;
  output: number;
}

/** A price that applies from `validFrom` (UTC day, inclusive) until the next entry's. */
export interface DatedPrice extends PriceTier {
  validFrom: string;
}

export interface LongContextTier {
  /** Every token of a request is billed at these prices once the prompt exceeds this. */
  abovePromptTokens: number;
  prices: DatedPrice[];
}

export interface ThinkingSpec {
  /** The levels the model accepts; any other answers 400. */
  levels: ThinkingLevelName[];
  /** What the model uses when a request names no level. */
  default: ThinkingLevelName;
}

export interface CatalogModel {
  id: string;
  label: string;
  /** The role this model plays unless GEMINI_MODEL_<ROLE> names another. */
  defaultFor: ModelRole | null;
  prices: DatedPrice[];
  longContext: LongContextTier | null;
  thinking: ThinkingSpec;
  /** The API's output limit (thinking included). */
  outputTokenLimit: number;
  inputTokenLimit: number;
}

export const CATALOG: readonly CatalogModel[] = [
  {
    id: "gemini-3.8-flash",
    label: "Fast",
    defaultFor: "fast",
    // Launch price through 2026-12-31, then the standard price (pricing page).
    prices: [
      { validFrom: "2026-09-02", input: 750_000, cachedInput: 75_000, output: 3_750_000 },
      { validFrom: "2027-01-01", input: 1_500_000, cachedInput: 150_000, output: 7_500_000 },
    ],
    longContext: null,
    // 3.8 Flash dropped "minimal"; with no level it thinks at "high".
    thinking: { levels: ["low", "medium", "high"], default: "high" },
    outputTokenLimit: 65_536,
    inputTokenLimit: 1_048_576,
  },
  {
    id: "gemini-4-argon",
    label: "Strong",
    defaultFor: "strong",
    // Introductory price through 2026-11-30, doubled from 2026-12-01 (Argon guide).
    prices: [
      { validFrom: "2026-10-13", input: 2_000_000, cachedInput: 100_000, output: 10_000_000 },
      { validFrom: "2026-12-01", input: 4_000_000, cachedInput: 200_000, output: 20_000_000 },
    ],
    longContext: null,
    // No thinkingBudget on Argon: levels only, default "medium".
    thinking: { levels: ["low", "medium", "high"], default: "medium" },
    outputTokenLimit: 65_536,
    inputTokenLimit: 1_048_576,
  },
  {
    id: "gemini-3.5-flash-lite",
    label: "Lite",
    defaultFor: "lite",
    prices: [{ validFrom: "2026-07-21", input: 300_000, cachedInput: 30_000, output: 2_500_000 }],
    longContext: null,
    thinking: { levels: ["minimal", "low", "medium", "high"], default: "minimal" },
    outputTokenLimit: 65_536,
    inputTokenLimit: 1_048_576,
  },
];

/**
 * Grounding with Google Search on the Gemini 3 models: billed per search query
 * the model executes (empty queries are not counted), in integer micro-dollars,
 * effective-dated like token prices. $14 per 1,000 queries on the pricing page;
 * the first 5,000 queries a month per project are free, shared across Gemini 3.
 * That allowance is the operator's: a user's search is always priced in full.
 */
export const SEARCH_QUERY_PRICES: readonly { validFrom: string; perQuery: number }[] = [
  { validFrom: "2026-01-05", perQuery: 14_000 },
];
export const FREE_SEARCH_QUERIES_PER_MONTH = 5_000;
/**
 * The API has no setting that limits how many searches one call may run, so a
 * hold assumes at most this many; a call that runs more is settled at what it ran
 * (the excess is part of the documented slack).
 */
export const MAX_SEARCHES_PER_CALL = 8;

/** Levels assumed for a model the catalog does not list (what every Gemini 3+ model accepts). */
export const UNLISTED_THINKING: ThinkingSpec = { levels: ["low", "medium", "high"], default: "high" };

export function catalogModel(id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.id === id);
}

export function defaultModelId(role: ModelRole): string {
  const model = CATALOG.find((m) => m.defaultFor === role);
  if (!model) throw new Error(`the catalog names no default model for the ${role} role`);
  return model.id;
}
