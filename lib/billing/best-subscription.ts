// Which of a customer's subscriptions decides the tier, and what tier it grants
// at a given instant. Pure functions: the webhook, the full walk and the tests
// all agree because they all come through here.
import type { Tier } from "@/lib/db/generated/enums";

/** Lower is better: active > trialing > past_due > everything else. */
const RANK: Record<string, number> = { active: 0, trialing: 1, past_due: 2 };

export interface SubscriptionState {
  id: string;
  status: string;
  /** Tier the price maps to; null for a price the catalog does not know. */
  priceTier: Tier | null;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  created: number;
}

export function pickBest<T extends SubscriptionState>(subs: T[]): T | null {
  let best: T | null = null;
  for (const sub of subs) {
    if (!best || compare(sub, best) < 0) best = sub;
  }
  return best;
}

function compare(a: SubscriptionState, b: SubscriptionState): number {
  const rank = (RANK[a.status] ?? 9) - (RANK[b.status] ?? 9);
  if (rank !== 0) return rank;
  // Ties (e.g. two active subscriptions): the newest wins, deterministically.
  if (a.created !== b.created) return b.created - a.created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The tier a subscription grants at `now`; "free" when it grants nothing. */
export function grantedTier(sub: SubscriptionState | null, now: Date, graceDays: number): Tier {
  if (!sub || !sub.priceTier) return "free";
  // A missed customer.subscription.deleted must not leave a paid tier forever.
  if (sub.cancelAtPeriodEnd && now >= sub.currentPeriodEnd) return "free";
  if (sub.status === "active" || sub.status === "trialing") return sub.priceTier;
  if (sub.status === "past_due") {
    const since = sub.pastDueSince ?? now;
    const graceEnds = since.getTime() + graceDays * 86_400_000;
    return now.getTime() < graceEnds ? sub.priceTier : "free";
  }
  return "free";
}
