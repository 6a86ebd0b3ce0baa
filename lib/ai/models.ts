// Which model plays which role and what it costs: the catalog (lib/ai/catalog.ts)
// with the operator's choices from env applied. A role's model is switched with
// GEMINI_MODEL_<ROLE>; prices and the long-context tier per role with
// GEMINI_PRICES_JSON (a model the catalog does not list needs its price there).
import { z } from "zod";
import { env } from "@/lib/config/env";
import type { ModelRole } from "./catalog";
import {
  catalogModel,
  defaultModelId,
  THINKING_LEVELS,
  UNLISTED_THINKING,
  type DatedPrice,
  type LongContextTier,
  type PriceTier,
  type ThinkingSpec,
} from "./catalog";

export type { ModelRole, PriceTier, DatedPrice, LongContextTier };

export interface ModelSpec {
  id: string;
  role: ModelRole;
  label: string;
  /** Ascending by validFrom; the first applies to anything earlier too. */
  prices: DatedPrice[];
  /** Null: the model bills long prompts at its normal prices. */
  longContext: LongContextTier | null;
  thinking: ThinkingSpec;
}

const ROLE_LABEL: Record<ModelRole, string> = { fast: "Fast", strong: "Strong", lite: "Lite" };
const ROLES = ["fast", "strong", "lite"] as const;

const micros = z.number().int().min(0);
const price = z.object({ input: micros, cachedInput: micros, output: micros });
const dated = price.extend({ validFrom: z.iso.date() });
const schedule = z.array(dated).min(1);
const longContext = z
  .object({ abovePromptTokens: z.number().int().min(1), price: price.optional(), prices: schedule.optional() })
  .refine((v) => (v.price === undefined) !== (v.prices === undefined), "give either price or prices");
const override = z
  .object({
    input: micros.optional(),
    cachedInput: micros.optional(),
    output: micros.optional(),
    prices: schedule.optional(),
    // null removes the model's long-context tier; omitted keeps it.
    longContext: longContext.nullable().optional(),
    thinkingLevels: z.array(z.enum(THINKING_LEVELS)).min(1).optional(),
  })
  .strict()
  .refine(
    (v) =>
      v.prices !== undefined ||
      (v.input === undefined && v.cachedInput === undefined && v.output === undefined) ||
      (v.input !== undefined && v.cachedInput !== undefined && v.output !== undefined),
    "give input, cachedInput and output together, or a prices list",
  );
const overridesSchema = z.partialRecord(z.enum(ROLES), override);

export interface ModelCatalogSource {
  GEMINI_MODEL_FAST?: string;
  GEMINI_MODEL_STRONG?: string;
  GEMINI_MODEL_LITE?: string;
  GEMINI_PRICES_JSON?: string;
}

/** The whole history as one entry valid since forever (a flat override). */
const always = (p: PriceTier): DatedPrice[] => [{ validFrom: "1970-01-01", ...p }];
const ascending = (list: DatedPrice[]) => [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));

export class CatalogError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "CatalogError";
  }
}

function parseOverrides(json: string | undefined): z.infer<typeof overridesSchema> {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new CatalogError("GEMINI_PRICES_JSON", `GEMINI_PRICES_JSON is not JSON: ${(err as Error).message}`);
  }
  const parsed = overridesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new CatalogError("GEMINI_PRICES_JSON", `GEMINI_PRICES_JSON is invalid: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** Builds the catalog from env-like values; exported for tests. Throws CatalogError naming the variable. */
export function buildCatalog(source: ModelCatalogSource): Record<ModelRole, ModelSpec> {
  const overrides = parseOverrides(source.GEMINI_PRICES_JSON);
  const chosen: Record<ModelRole, string | undefined> = {
    fast: source.GEMINI_MODEL_FAST,
    strong: source.GEMINI_MODEL_STRONG,
    lite: source.GEMINI_MODEL_LITE,
  };
  const build = (role: ModelRole): ModelSpec => {
    const id = chosen[role] ?? defaultModelId(role);
    const known = catalogModel(id);
    const o = overrides[role];
    const prices = o?.prices ? ascending(o.prices) : o?.input !== undefined ? always(o as PriceTier) : known?.prices;
    if (!prices) {
      throw new CatalogError(
        modelVariable(role),
        `${modelVariable(role)}=${id} is not in the model catalog (lib/ai/catalog.ts), so its price is unknown: ` +
          `add {"${role}":{"input":…,"cachedInput":…,"output":…}} (micro-dollars per 1M tokens) to GEMINI_PRICES_JSON.`,
      );
    }
    const lc = o?.longContext;
    const long: LongContextTier | null =
      lc === undefined
        ? (known?.longContext ?? null)
        : lc === null
          ? null
          : { abovePromptTokens: lc.abovePromptTokens, prices: lc.prices ? ascending(lc.prices) : always(lc.price!) };
    const thinking = known?.thinking ?? UNLISTED_THINKING;
    return {
      id,
      role,
      label: ROLE_LABEL[role],
      prices,
      longContext: long,
      thinking: o?.thinkingLevels
        ? { levels: o.thinkingLevels, default: o.thinkingLevels.at(-1)! }
        : { levels: [...thinking.levels], default: thinking.default },
    };
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

/** The variable that names each configured model, for messages that must say what to fix. */
export function modelVariable(role: ModelRole): string {
  return `GEMINI_MODEL_${role.toUpperCase()}`;
}
