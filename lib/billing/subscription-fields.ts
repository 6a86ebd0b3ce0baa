// Turns a Stripe subscription (pinned API version: periods live on the items)
// into the fields our subscriptions table keeps.
import type Stripe from "stripe";
import { tierForPrice } from "./catalog";
import type { SubscriptionState } from "./best-subscription";

export function customerIdOf(customer: string | { id: string } | null | undefined): string | null {
  if (!customer) return null;
  return typeof customer === "string" ? customer : customer.id;
}

export function toState(
  sub: Stripe.Subscription,
  previousPastDueSince: Date | null,
  now: Date,
): SubscriptionState & { priceId: string; trialEnd: Date | null } {
  const item = sub.items.data[0];
  const priceId = item?.price.id ?? "";
  const start = item?.current_period_start ?? sub.start_date;
  const end = item?.current_period_end ?? sub.start_date;
  return {
    id: sub.id,
    status: sub.status,
    priceId,
    priceTier: tierForPrice(priceId),
    currentPeriodStart: new Date(start * 1000),
    currentPeriodEnd: new Date(end * 1000),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    trialEnd: sub.trial_end ? new Date(sub.trial_end * 1000) : null,
    // From Stripe's data, not from when an event happened to arrive: a failed
    // renewal starts the new period at the moment the subscription went past_due.
    // (A late, old event must not start the grace clock early.)
    pastDueSince:
      sub.status === "past_due" ? (previousPastDueSince ?? new Date(Math.min(start * 1000, now.getTime()))) : null,
    created: sub.created,
  };
}

export type SubscriptionRowData = ReturnType<typeof rowData>;

/** The subscriptions-table row for a state (without the id). */
export function rowData(s: ReturnType<typeof toState>, userId: string, customerId: string) {
  return {
    userId,
    customerId,
    status: s.status,
    priceId: s.priceId,
    tier: s.priceTier ?? ("free" as const),
    currentPeriodStart: s.currentPeriodStart,
    currentPeriodEnd: s.currentPeriodEnd,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    trialEnd: s.trialEnd,
    pastDueSince: s.pastDueSince,
  };
}

/** True when the stored row already says exactly what `data` says. */
export function rowMatches(row: Record<string, unknown>, data: SubscriptionRowData): boolean {
  return (Object.keys(data) as Array<keyof SubscriptionRowData>).every((key) => {
    const a = row[key];
    const b = data[key];
    if (a instanceof Date || b instanceof Date) {
      return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    }
    return a === b;
  });
}
