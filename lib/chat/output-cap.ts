// Near the end of a budget, a call's output cap is lowered to what the budget
// can still hold (never below a floor worth answering with), so the last part
// of an allowance can be spent and the hold still never exceeds the budget.
// Below the floor the hold is refused as usual (402).
import { MIN_OUTPUT_TOKENS } from "@/lib/budget/hold-size";

/** `spendableTokens` is the budget's spendable() figure (prompt + output, before the hold's margin). */
export function outputCap(planMax: number, estimatedInputTokens: number, spendableTokens: number | null): number {
  if (spendableTokens === null) return planMax;
  return Math.min(planMax, Math.max(MIN_OUTPUT_TOKENS, spendableTokens - estimatedInputTokens));
}
