// The budget state read in the same round trip as the caller's identity, for a
// route that always needs it (chat): the router hook takes it instead of reading
// again. Only a hint, like any unlocked read: budget_reserve() decides.
import type { Identity, IdentityExtra } from "@/lib/auth/identity";
import { budgetStateColumns, parseBudgetState, type BudgetState, type BudgetStateRow } from "./account";

const prefetched = new WeakMap<Identity, BudgetState>();

/** Pass to route({ identityExtra }) to read the caller's budget state with their identity. */
export const withBudgetState: IdentityExtra = {
  columns: (now) => budgetStateColumns(now),
  keep: (identity, row, now) => void prefetched.set(identity, parseBudgetState(row as BudgetStateRow, now)),
};

/** The state read with this identity, once; undefined if none was read (or it was already taken). */
export function takePrefetched(identity: Identity): BudgetState | undefined {
  const state = prefetched.get(identity);
  prefetched.delete(identity);
  return state;
}
