// The model catalog: which Gemini model plays which role and what it costs.
// IDs and prices come from here only (overridable by env), so moving off the
// retiring 2.5 family is a configuration change, not a code change.
import { z } from "zod";
import { env } from "@/lib/config/env";
import type { ModelRole } from "@/lib/budget/tiers";

export type { ModelRole };

/** Prices in integer micro-dollars per 1M tokens. */
export interface PriceTier {
  input: number;
  cachedInput: number;
  output: number;
}

export interface ModelSpec {
  id: string;
  role: ModelRole;
  label: string;
  price: PriceTier;
  /** Gemini Pro bills every token of a request at a higher rate once the prompt exceeds this. */
  longContext?: { abovePromptTokens: number; price: PriceTier };
}

const priceSchema = z.object({
  input: z.number().int().min(0),
  cachedInput: z.number().int().min(0),
  output: z.number().int().min(0),
});
const overrideSchema = z.partialRecord(
  z.enum(["fast", "strong", "lite"]),
  priceSchema.extend({
    longContext: z
      .object({ abovePromptTokens: z.number().int().min(1) })
      .extend({ price: priceSchema })
      .optional(),
  }),
);

// Published Gemini 2.5 paid-tier prices (USD per 1M tokens) as micro-dollars.
const DEFAULTS: Record<ModelRole, Omit<ModelSpec, "id">> = {
  fast: { role: "fast", label: "Fast", price: { input: 300_000, cachedInput: 30_000, output: 2_500_000 } },
  strong: {
    role: "strong",
    label: "Strong",
    price: { input: 1_250_000, cachedInput: 125_000, output: 10_000_000 },
    longContext: { abovePromptTokens: 200_000, price: { input: 2_500_000, cachedInput: 250_000, output: 15_000_000 } },
  },
  lite: { role: "lite", label: "Lite", price: { input: 100_000, cachedInput: 10_000, output: 400_000 } },
};

export interface ModelCatalogSource {
  GEMINI_MODEL_FAST?: string;
  GEMINI_MODEL_STRONG?: string;
  GEMINI_MODEL_LITE?: string;
  GEMINI_PRICES_JSON?: string;
}

/** Builds the catalog from env-like values; exported for tests. */
export function buildCatalog(source: ModelCatalogSource): Record<ModelRole, ModelSpec> {
  const ids: Record<ModelRole, string> = {
    fast: source.GEMINI_MODEL_FAST ?? "gemini-2.5-flash",
    strong: source.GEMINI_MODEL_STRONG ?? "gemini-2.5-pro",
    lite: source.GEMINI_MODEL_LITE ?? "gemini-2.5-flash-lite",
  };
  const overrides: z.infer<typeof overrideSchema> = source.GEMINI_PRICES_JSON
    ? overrideSchema.parse(JSON.parse(source.GEMINI_PRICES_JSON))
    : {};
  const build = (role: ModelRole): ModelSpec => {
    const o = overrides[role];
    const base = DEFAULTS[role];
    if (!o) return { ...base, id: ids[role] };
    const { longContext, ...price } = o;
    return { ...base, id: ids[role], price, longContext: longContext ?? base.longContext };
  };
  return { fast: build("fast"), strong: build("strong"), lite: build("lite") };
}

let cached: Record<ModelRole, ModelSpec> | undefined;

export function modelCatalog(): Record<ModelRole, ModelSpec> {
  cached ??= buildCatalog(env());
  return cached;
}

export function modelFor(role: ModelRole): ModelSpec {
  return modelCatalog()[role];
}

/** The catalog entry for a model id (e.g. one stored on a message), if any. */
export function modelById(id: string): ModelSpec | undefined {
  return Object.values(modelCatalog()).find((m) => m.id === id);
}
