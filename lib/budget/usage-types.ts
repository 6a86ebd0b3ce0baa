// How one model call's usage is charged. CallUsage is the guard contract's type
// (guard.ts): inputTokens INCLUDE cachedTokens; estimated=true means
// the provider sent no usage (e.g. an aborted stream) and the values are our estimate.
import type { CallUsage } from "./guard";

export type { CallUsage };

/**
 * Tokens charged against budgets: prompt + output + thinking. Cached tokens are a
 * subset of the prompt, so they are counted once (they are cheaper in cost, not
 * free in tokens). `totalTokens` is not trusted: providers differ in what it sums.
 */
export function chargedTokens(u: Pick<CallUsage, "inputTokens" | "outputTokens" | "thinkingTokens">): number {
  return (
    Math.max(0, Math.round(u.inputTokens)) +
    Math.max(0, Math.round(u.outputTokens)) +
    Math.max(0, Math.round(u.thinkingTokens))
  );
}
