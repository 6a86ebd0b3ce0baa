// How big a hold is (see the slack bound in spend-guard.ts), and the hold of the
// smallest turn there is: a short question in a new chat. While even that does
// not fit, the allowance is used up; while it does, a refusal means the turn
// asked for more than is left (a long conversation), and a new chat would go.
export const INPUT_MARGIN_RATIO = 1.1;
export const INPUT_MARGIN_TOKENS = 16;

/** Prompt of a short question in a new chat, system instruction included (generously rounded up). */
export const SHORT_TURN_INPUT_TOKENS = 256;

export function worstCaseTokens(estimatedInputTokens: number, maxOutputTokens: number): number {
  return Math.ceil(estimatedInputTokens * INPUT_MARGIN_RATIO) + INPUT_MARGIN_TOKENS + Math.ceil(maxOutputTokens);
}

export function worstCaseCost(worstCaseCostMicros: number): number {
  return Math.ceil(worstCaseCostMicros * INPUT_MARGIN_RATIO);
}

/**
 * Near the end of a budget a chat call's output cap is lowered to what is left
 * (outputCap below), never below this floor worth answering with.
 */
export const MIN_OUTPUT_TOKENS = 256;

/**
 * A call's output cap: the plan's, lowered near the end of a budget to what the
 * budget can still hold (never below MIN_OUTPUT_TOKENS), so the last part of an
 * allowance can be spent and the hold still never exceeds the budget. Below the
 * floor the hold is refused as usual (402). `spendableTokens` is the budget's
 * spendable() figure (prompt + output, before the hold's margin).
 */
export function outputCap(planMax: number, estimatedInputTokens: number, spendableTokens: number | null): number {
  if (spendableTokens === null) return planMax;
  return Math.min(planMax, Math.max(MIN_OUTPUT_TOKENS, spendableTokens - estimatedInputTokens));
}

/** Tokens a short question in a new chat holds when the plan's cap is `maxOutputTokens` (lowered as far as the floor). */
export function smallestTurnTokens(maxOutputTokens: number): number {
  return worstCaseTokens(SHORT_TURN_INPUT_TOKENS, Math.min(maxOutputTokens, MIN_OUTPUT_TOKENS));
}
