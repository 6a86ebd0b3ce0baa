// What a call costs, in integer micro-dollars. promptTokenCount already includes
// cached tokens, so only the uncached remainder is billed at the input rate.
import type { ModelSpec, PriceTier } from "./models";

export interface TokenUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
}

const PER = 1_000_000;

export function priceFor(model: ModelSpec, promptTokens: number): PriceTier {
  const long = model.longContext;
  return long && promptTokens > long.abovePromptTokens ? long.price : model.price;
}

/**
 * (prompt − cached) × input + cached × cachedInput + (candidates + thoughts) × output,
 * rounded up once at the end so many small calls never round to free.
 */
export function costMicros(model: ModelSpec, usage: TokenUsage): number {
  const price = priceFor(model, usage.inputTokens);
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const numerator =
    (usage.inputTokens - cached) * price.input +
    cached * price.cachedInput +
    (usage.outputTokens + usage.thinkingTokens) * price.output;
  return Math.ceil(numerator / PER);
}

/** The most a call can cost: every output token used (thinking counts against the same cap). */
export function worstCaseCostMicros(model: ModelSpec, inputTokens: number, maxOutputTokens: number): number {
  return costMicros(model, { inputTokens, cachedTokens: 0, outputTokens: maxOutputTokens, thinkingTokens: 0 });
}
