// What the app knows about a user's billing from its own tables (no Stripe
// call): used by the pricing page, the resolve route and the past-due banner.
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { pickBest } from "./best-subscription";

/** Statuses where the customer should manage an existing subscription, not buy another. */
export const MANAGEABLE_STATUSES: ReadonlySet<string> = new Set([
  "active",
  "trialing",
  "past_due",
  "unpaid",
  "paused",
  "incomplete",
]);

export interface BillingState {
  tier: Tier;
  hasCustomer: boolean;
  subscription: {
    id: string;
    status: string;
    tier: Tier;
    priceId: string;
    currentPeriodEnd: Date;
    cancelAtPeriodEnd: boolean;
    pastDueSince: Date | null;
    trialEnd: Date | null;
  } | null;
}

export async function billingState(userId: string): Promise<BillingState | null> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    select: { tier: true, tierOverride: true, stripeCustomerId: true, subscriptions: true },
  });
  if (!user) return null;
  const best = pickBest(
    user.subscriptions.map((s) => ({ ...s, priceTier: s.tier, created: s.currentPeriodStart.getTime() / 1000 })),
  );
  return {
    tier: user.tierOverride ?? user.tier,
    hasCustomer: Boolean(user.stripeCustomerId),
    subscription: best
      ? {
          id: best.id,
          status: best.status,
          tier: best.tier,
          priceId: best.priceId,
          currentPeriodEnd: best.currentPeriodEnd,
          cancelAtPeriodEnd: best.cancelAtPeriodEnd,
          pastDueSince: best.pastDueSince,
          trialEnd: best.trialEnd,
        }
      : null,
  };
}

export function needsPortal(state: BillingState): boolean {
  return Boolean(state.hasCustomer && state.subscription && MANAGEABLE_STATUSES.has(state.subscription.status));
}
