// Billing's SQL statements, as builders that only compose text and values
// (lib/db/sql.ts runs them): the customer's stored rows and their reconciliation,
// and the ledger of processed Stripe events (webhooks/idempotency.ts, refusals.ts).
import type { Tier } from "@/lib/db/generated/enums";
import { sql, type Sql } from "@/lib/db/sql";
import type { SubscriptionRowData } from "./subscription-fields";

/** Serializes the transaction with every other one about this customer, on any instance. */
export function customerLock(customerId: string): Sql {
  return sql`SELECT pg_advisory_xact_lock(hashtext(${customerId}))`;
}

/** The user of ours with this Stripe customer id: `id, tier`. */
export function customerOwner(customerId: string): Sql {
  return sql`SELECT id, tier FROM users WHERE stripe_customer_id = ${customerId}`;
}

/** The customer's stored subscriptions: `id, pastDueSince`. */
export function customerPastDue(customerId: string): Sql {
  return sql`SELECT id, past_due_since AS "pastDueSince" FROM subscriptions WHERE customer_id = ${customerId}`;
}

/** Writes the subscription as Stripe reported it (rowData()), inserting or replacing its row. */
export function subscriptionUpsert(id: string, d: SubscriptionRowData, now: Date): Sql {
  return sql`INSERT INTO subscriptions (id, user_id, customer_id, status, price_id, tier, current_period_start,
          current_period_end, cancel_at_period_end, trial_end, past_due_since, updated_at)
        VALUES (${id}, ${d.userId}, ${d.customerId}, ${d.status}, ${d.priceId}, ${d.tier}::"Tier",
          ${d.currentPeriodStart}::timestamp, ${d.currentPeriodEnd}::timestamp, ${d.cancelAtPeriodEnd},
          ${d.trialEnd}::timestamp, ${d.pastDueSince}::timestamp, ${now}::timestamp)
        ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, customer_id = EXCLUDED.customer_id,
          status = EXCLUDED.status, price_id = EXCLUDED.price_id, tier = EXCLUDED.tier,
          current_period_start = EXCLUDED.current_period_start, current_period_end = EXCLUDED.current_period_end,
          cancel_at_period_end = EXCLUDED.cancel_at_period_end, trial_end = EXCLUDED.trial_end,
          past_due_since = EXCLUDED.past_due_since, updated_at = EXCLUDED.updated_at`;
}

export function userTier(userId: string, tier: Tier, now: Date): Sql {
  return sql`UPDATE users SET tier = ${tier}::"Tier", updated_at = ${now}::timestamp WHERE id = ${userId}`;
}

/**
 * Each customer with its owning user (`key, ownerId, ownerTier`) and one line
 * per stored subscription (or one line of NULLs when there is none).
 */
export function customersRows(customerIds: readonly string[]): Sql {
  return sql`
    SELECT c.id AS "key", u.id AS "ownerId", u.tier AS "ownerTier",
      s.id, s.user_id AS "userId", s.customer_id AS "customerId", s.status, s.price_id AS "priceId", s.tier,
      s.current_period_start AS "currentPeriodStart", s.current_period_end AS "currentPeriodEnd",
      s.cancel_at_period_end AS "cancelAtPeriodEnd", s.trial_end AS "trialEnd", s.past_due_since AS "pastDueSince"
    FROM unnest(${customerIds}::text[]) AS c(id)
    LEFT JOIN users u ON u.stripe_customer_id = c.id
    LEFT JOIN subscriptions s ON s.customer_id = c.id`;
}

/** New claims on events for `claimer` in one INSERT; returns the `id` of each row that was new. */
export function eventClaims(events: readonly { id: string; type: string }[], claimer: string, now: Date): Sql {
  return sql`
    INSERT INTO processed_webhook_events (id, type, status, received_at, claimed_by)
    SELECT u.id, u.type, 'processing', ${now}::timestamp, ${claimer}
    FROM unnest(${events.map((e) => e.id)}::text[], ${events.map((e) => e.type)}::text[]) AS u(id, type)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;
}

/**
 * Retakes the event's claim if it failed, or is this claimer's, or its lease
 * (claimed before `staleBefore`) ran out: one row, `retaken` and the `status`.
 */
export function eventRetake(id: string, claimer: string, now: Date, staleBefore: Date): Sql {
  return sql`
    WITH retaken AS (
      UPDATE processed_webhook_events
      SET status = 'processing', received_at = ${now}::timestamp, error = NULL, claimed_by = ${claimer}
      WHERE id = ${id}
        AND (status = 'failed'
          OR (status = 'processing' AND (claimed_by IS NOT DISTINCT FROM ${claimer}
            OR received_at < ${staleBefore}::timestamp)))
      RETURNING id)
    SELECT EXISTS (SELECT 1 FROM retaken) AS retaken,
      (SELECT status FROM processed_webhook_events WHERE id = ${id}) AS status`;
}

/** The events finished, each with its status, in one UPDATE. */
export function eventsFinished(events: readonly { id: string; status: string }[], now: Date): Sql {
  return sql`
    UPDATE processed_webhook_events AS e
    SET status = u.status, processed_at = ${now}::timestamp, claimed_by = NULL
    FROM unnest(${events.map((f) => f.id)}::text[], ${events.map((f) => f.status)}::text[]) AS u(id, status)
    WHERE e.id = u.id`;
}

export function eventFailed(id: string, error: string): Sql {
  return sql`
    UPDATE processed_webhook_events SET status = 'failed', error = ${error}, claimed_by = NULL
    WHERE id = ${id}`;
}

export function eventIgnored(id: string, reason: string, now: Date): Sql {
  return sql`
    UPDATE processed_webhook_events
    SET status = 'ignored', error = ${reason}, processed_at = ${now}::timestamp
    WHERE id = ${id}`;
}
