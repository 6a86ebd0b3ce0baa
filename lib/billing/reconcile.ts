// Applies what Stripe says, never what an event says: re-reads all of a
// customer's subscriptions, stores them, and sets the user's tier from the best
// one. Safe under any event order, duplicates and concurrency.
import type Stripe from "stripe";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { query, transaction, type Queryable } from "@/lib/db/sql";
import type { Tier } from "@/lib/db/generated/enums";
import { logger } from "@/lib/log/logger";
import { grantedTier, pickBest, type SubscriptionState } from "./best-subscription";
import { coalesce } from "./coalesce";
import { readCustomerRows } from "./customer-rows";
import { findOrLinkUser } from "./customer-link";
import { customerLock, customerOwner, customerPastDue, subscriptionUpsert, userTier } from "./statements";
import { getStripe } from "./stripe-client";
import { rowData, rowMatches, toState } from "./subscription-fields";

export interface ReconcileResult {
  customerId: string;
  /** null when no user of ours owns this customer (e.g. created outside the app). */
  userId: string | null;
  previousTier: Tier | null;
  tier: Tier | null;
  changed: boolean;
  best: { id: string; status: string } | null;
  subscriptions: number;
}

export interface ReconcileOptions {
  /** The instant grace periods and period ends are judged at (tests move it). */
  now?: Date;
}

// Tiers billing never touches: guests cannot pay, enterprise is sold by hand.
const UNMANAGED: ReadonlySet<Tier> = new Set<Tier>(["guest", "enterprise"]);

/**
 * Coalesced per customer: a burst of events for one customer runs at most one
 * reconciliation now and one queued after it (which reads state at least as new
 * as every event that joined it).
 */
export function reconcileCustomer(customerId: string, opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  return coalesce(customerId, opts.now ?? new Date(), (now) => reconcileNow(customerId, now));
}

async function reconcileNow(customerId: string, now: Date): Promise<ReconcileResult> {
  const stripe = getStripe();
  const graceDays = env().BILLING_GRACE_DAYS;
  const unchanged = await unchangedOrNull(customerId, now, graceDays);
  if (unchanged) return unchanged;
  // Linking a customer to a user by its metadata is rare (the checkout route links
  // first) and kept in one place (customer-link.ts, on Prisma); done before the lock.
  if (!(await userOf(customerId))) await getDb().$transaction((tx) => findOrLinkUser(tx, stripe, customerId));
  const result = await transaction(async (tx) => {
    // Serializes reconciliations of one customer across all server instances,
    // so an older read of Stripe can never be written after a newer one.
    await query(customerLock(customerId), tx);
    const user = await userOf(customerId, tx);
    const subs = await listSubscriptions(stripe, customerId);
    if (!user) return unlinked(customerId, subs.length);
    return apply(tx, user, customerId, subs, now, graceDays);
  });
  if (result.changed && result.userId) {
    await recordAudit({
      actorId: null,
      action: "billing.tier_changed",
      targetType: "user",
      targetId: result.userId,
      metadata: { from: result.previousTier, to: result.tier, customerId, subscription: result.best },
    });
    logger.info({ userId: result.userId, from: result.previousTier, to: result.tier }, "billing tier changed");
  }
  return result;
}

async function userOf(customerId: string, on?: Queryable): Promise<{ id: string; tier: Tier } | null> {
  const rows = await query<{ id: string; tier: Tier }>(customerOwner(customerId), on);
  return rows[0] ?? null;
}

// Plain SQL like the fast path: this runs for every event that changes something,
// and Prisma's per-query cost (and its first-use compile) would stall the server.
async function apply(
  tx: Queryable,
  user: { id: string; tier: Tier },
  customerId: string,
  subs: Stripe.Subscription[],
  now: Date,
  graceDays: number,
): Promise<ReconcileResult> {
  const rows = await query<{ id: string; pastDueSince: Date | null }>(customerPastDue(customerId), tx);
  const previousPastDue = new Map(rows.map((r) => [r.id, r.pastDueSince]));
  const states = subs.map((s) => toState(s, previousPastDue.get(s.id) ?? null, now));
  for (const s of states) {
    const d = rowData(s, user.id, customerId);
    await query(subscriptionUpsert(s.id, d, new Date()), tx);
  }
  const best = pickBest(states);
  const tier = tierFor(user.tier, best, now, graceDays);
  if (tier !== user.tier) {
    await query(userTier(user.id, tier, new Date()), tx);
  }
  return {
    customerId,
    userId: user.id,
    previousTier: user.tier,
    tier,
    changed: tier !== user.tier,
    best: best ? { id: best.id, status: best.status } : null,
    subscriptions: states.length,
  };
}

/**
 * Fast path for the common case (a burst of events that change nothing): an
 * unlocked read of Stripe and our rows; if they already agree there is nothing
 * to write, so no lock or transaction is needed. Returns null when work is due.
 */
async function unchangedOrNull(customerId: string, now: Date, graceDays: number): Promise<ReconcileResult | null> {
  const [{ user, subscriptions: rows }, subs] = await Promise.all([
    readCustomerRows(customerId),
    listSubscriptions(getStripe(), customerId),
  ]);
  if (!user || rows.length !== subs.length) return null;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const states = [];
  for (const sub of subs) {
    const row = byId.get(sub.id);
    if (!row) return null;
    const state = toState(sub, row.pastDueSince, now);
    if (!rowMatches(row, rowData(state, user.id, customerId))) return null;
    states.push(state);
  }
  const best = pickBest(states);
  if (tierFor(user.tier, best, now, graceDays) !== user.tier) return null;
  return {
    customerId,
    userId: user.id,
    previousTier: user.tier,
    tier: user.tier,
    changed: false,
    best: best ? { id: best.id, status: best.status } : null,
    subscriptions: states.length,
  };
}

function tierFor(current: Tier, best: ReturnType<typeof pickBest<SubscriptionState>>, now: Date, graceDays: number) {
  return UNMANAGED.has(current) ? current : grantedTier(best, now, graceDays);
}

async function listSubscriptions(stripe: Stripe, customer: string): Promise<Stripe.Subscription[]> {
  const all: Stripe.Subscription[] = [];
  for await (const sub of stripe.subscriptions.list({ customer, status: "all", limit: 100 })) all.push(sub);
  return all;
}

function unlinked(customerId: string, subscriptions: number): ReconcileResult {
  return { customerId, userId: null, previousTier: null, tier: null, changed: false, best: null, subscriptions };
}
