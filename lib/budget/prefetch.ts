// The budget state read in the same round trip as the caller's identity, for a
// route that always needs it (chat): the route hands it to the router hook
// (SpendGuard.spendable), which then need not read again. Only a hint, like any
// unlocked read: budget_reserve() decides.
import type { IdentityExtra } from "@/lib/auth/identity";
import { parseBudgetState, type BudgetState, type BudgetStateRow } from "./account";
import { budgetStateColumns } from "./statements";

/** Pass to route({ identityExtra }) to read the caller's budget state with their identity. */
export const withBudgetState: IdentityExtra<BudgetState> = {
  columns: (now) => budgetStateColumns(now),
  read: (row, now) => parseBudgetState(row as BudgetStateRow, now),
};
