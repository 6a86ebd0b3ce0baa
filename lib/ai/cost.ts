// What a call costs, in integer micro-dollars, at the price valid at the call's
// own timestamp. promptTokenCount already includes cached tokens, so only the
// uncached remainder is billed at the input rate.
import { SEARCH_QUERY_PRICES } from "./catalog";
import type { DatedPrice, ModelSpec } from "./models";

export interface TokenUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  /** Google Search queries the call executed (grounding); 0 when unset. */
  searchQueries?: number;
}

/** The price a call was billed at, as the ledger records it. */
export interface AppliedPrice extends DatedPrice {
  longContext: boolean;
}

const PER = 1_000_000;

/** The entry of an ascending schedule valid at `at` (the first one for anything earlier). */
export function datedPriceAt<P extends { validFrom: string }>(prices: readonly P[], at: Date): P {
  const day = at.toISOString().slice(0, 10);
  let current = prices[0]!;
  for (const p of prices) if (p.validFrom <= day) current = p;
  return current;
}

export function priceFor(model: ModelSpec, promptTokens: number, at: Date): AppliedPrice {
  const long = model.longContext;
  const isLong = long !== null && promptTokens > long.abovePromptTokens;
  const p = datedPriceAt(isLong ? long.prices : model.prices, at);
  return { validFrom: p.validFrom, input: p.input, cachedInput: p.cachedInput, output: p.output, longContext: isLong };
}

/** What one executed search query costs at `at`. */
export function searchQueryMicros(at: Date): number {
  return datedPriceAt(SEARCH_QUERY_PRICES, at).perQuery;
}

/**
 * (prompt − cached) × input + cached × cachedInput + (candidates + thoughts) × output,
 * rounded up once at the end so many small calls never round to free, plus each
 * executed search query at its price.
 */
export function pricedCost(model: ModelSpec, usage: TokenUsage, at: Date): { costMicros: number; price: AppliedPrice } {
  const price = priceFor(model, usage.inputTokens, at);
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const numerator =
    (usage.inputTokens - cached) * price.input +
    cached * price.cachedInput +
    (usage.outputTokens + usage.thinkingTokens) * price.output;
  const search = (usage.searchQueries ?? 0) * searchQueryMicros(at);
  return { costMicros: Math.ceil(numerator / PER) + search, price };
}

export function costMicros(model: ModelSpec, usage: TokenUsage, at: Date): number {
  return pricedCost(model, usage, at).costMicros;
}

/**
 * The most a call can cost: every output token used (thinking counts against the
 * same cap), and `searches` search queries when it may search.
 */
export function worstCaseCostMicros(
  model: ModelSpec,
  inputTokens: number,
  maxOutputTokens: number,
  at = new Date(),
  searches = 0,
) {
  return costMicros(
    model,
    { inputTokens, cachedTokens: 0, outputTokens: maxOutputTokens, thinkingTokens: 0, searchQueries: searches },
    at,
  );
}
