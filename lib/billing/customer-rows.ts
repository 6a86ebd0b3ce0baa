// What our database says about a Stripe customer: the owning user and the
// stored subscription rows, read for the reconcile fast path. Plain SQL, and
// reads for different customers arriving together share one round trip.
import { createBatcher } from "@/lib/db/batch";
import type { Tier } from "@/lib/db/generated/enums";
import { query } from "@/lib/db/sql";
import { customersRows } from "./statements";

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
  const lines = await query<Joined>(customersRows([...new Set(customerIds)]));
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
