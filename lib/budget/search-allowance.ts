// Whether a call may search the web: the tier must allow it, and the month's
// search queries (settled on the ledger) plus the most one call may run must
// fit the tier's monthly allowance. The month is the budget's (calendar month
// in UTC, or the live billing period). Calls in flight are not counted, so
// concurrent searching calls can pass the allowance by at most their own
// MAX_SEARCHES_PER_CALL each; every query is still priced and budgeted.
import { MAX_SEARCHES_PER_CALL } from "@/lib/ai/catalog";
import type { Identity } from "@/lib/auth/identity";
import { query, toInt } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { loadBillingPeriods } from "./account";
import * as statements from "./statements";
import { tierLimits } from "./tiers";
import { monthWindow } from "./windows";

export interface SearchAllowance {
  used: number;
  limit: number | null;
  resetsAt: Date;
}

export async function searchAllowance(identity: Identity, at = new Date()): Promise<SearchAllowance | null> {
  const search = tierLimits(identity.tier).search;
  if (!search) return null;
  const month = monthWindow(at, await loadBillingPeriods(identity.userId));
  const [row] = await query<{ used: unknown }>(statements.searchQueriesSince(identity.userId, month.start));
  return { used: toInt(row?.used), limit: search.monthlyQueries, resetsAt: month.end };
}

/** Throws the refusal a message with search on gets when the plan or the month's allowance does not allow it. */
export async function assertMaySearch(identity: Identity, at = new Date()): Promise<void> {
  const allowance = await searchAllowance(identity, at);
  if (!allowance) {
    throw new AppError("forbidden:chat", "Web search is not part of your plan. Upgrade to search the web.", {
      details: { search: "not_in_plan", upgrade: true },
    });
  }
  if (allowance.limit !== null && allowance.used + MAX_SEARCHES_PER_CALL > allowance.limit) {
    throw new AppError(
      "forbidden:chat",
      `You have used this month's web searches (${allowance.used} of ${allowance.limit}). Send without search, or wait until ${allowance.resetsAt.toISOString().slice(0, 10)}.`,
      {
        details: {
          search: "allowance_used",
          used: allowance.used,
          limit: allowance.limit,
          resetsAt: allowance.resetsAt.toISOString(),
        },
      },
    );
  }
}
