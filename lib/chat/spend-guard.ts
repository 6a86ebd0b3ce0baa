// Chat's way to the budget engine: every model call asks the guard first and
// reports usage after (the contract is lib/budget/guard.ts).
import { budgetSpendGuard } from "@/lib/budget/spend-guard";
import type { SpendGuard } from "@/lib/budget/guard";

export type {
  Admission,
  BeforeCallInput,
  BudgetRead,
  CallUsage,
  Spendable,
  SpendGuard,
  SpendHold,
} from "@/lib/budget/guard";

/** The guard every model call of a turn (answer, fallback, summary, title) goes through. */
export function getSpendGuard(): SpendGuard {
  return budgetSpendGuard;
}
