// What our database says about a Stripe customer: the owning user and the
// stored subscription rows, read for the reconcile fast path. Plain SQL, and
// reads for different customers arriving together share one round trip.
import { createBatcher } from "@/lib/db/batch";
import type { Tier } from "@/lib/db/generated/enums";
import { query, sql } from "@/lib/db/sql";

// A type, not an interface, so it passes as a plain record (rowMatches).
export type SubscriptionRow = {
  id: string;
  userId: string;
  customerId: string;
  status: string;
  priceId: string;
  tier: Tier;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  pastDueSince: Date | null;
};

export interface CustomerRows {
  /** null when no user of ours has this customer id. */
  user: { id: string; tier: Tier } | null;
  /** Every stored subscription of the customer, whoever it points at. */
  subscriptions: SubscriptionRow[];
}

type Joined = { key: string; ownerId: string | null; ownerTier: Tier | null } & {
  [K in keyof SubscriptionRow]: SubscriptionRow[K] | null;
};

// users.stripe_customer_id is unique, so the join yields one line per stored
// subscription (or one line of NULLs when there is none).
const readBatch = createBatcher<string, CustomerRows>(async (customerIds) => {
  const lines = await query<Joined>(sql`
    SELECT c.id AS "key", u.id AS "ownerId", u.tier AS "ownerTier",
      s.id, s.user_id AS "userId", s.customer_id AS "customerId", s.status, s.price_id AS "priceId", s.tier,
      s.current_period_start AS "currentPeriodStart", s.current_period_end AS "currentPeriodEnd",
      s.cancel_at_period_end AS "cancelAtPeriodEnd", s.trial_end AS "trialEnd", s.past_due_since AS "pastDueSince"
    FROM unnest(${[...new Set(customerIds)]}::text[]) AS c(id)
    LEFT JOIN users u ON u.stripe_customer_id = c.id
    LEFT JOIN subscriptions s ON s.customer_id = c.id`);
  const byCustomer = new Map<string, CustomerRows>();
  for (const { key, ownerId, ownerTier, ...sub } of lines) {
    let entry = byCustomer.get(key);
    if (!entry) {
      entry = { user: ownerId && ownerTier ? { id: ownerId, tier: ownerTier } : null, subscriptions: [] };
      byCustomer.set(key, entry);
    }
    if (sub.id !== null) entry.subscriptions.push(sub as SubscriptionRow);
  }
  return customerIds.map((id) => byCustomer.get(id) ?? { user: null, subscriptions: [] });
});

/** The current rows; the read starts after this call (never served from an earlier read). */
export function readCustomerRows(customerId: string): Promise<CustomerRows> {
  return readBatch(customerId);
}
