// The admin dashboard's SQL statements, as builders that only compose text and
// values (lib/db/sql.ts runs them). All are reads: users and their month's use,
// spend from the usage ledger, subscriptions for revenue, and the logs.
import { emptySql, sql, type Sql } from "@/lib/db/sql";

/** Users matching `filters` (fragments over `users u`, ANDed), newest first, with their use since `month`. */
export function userPage(filters: Sql[], month: Date, limit: number, offset: number): Sql {
  const where = filters.length ? sql`WHERE ${filters.reduce((a, b) => sql`${a} AND ${b}`)}` : emptySql;
  return sql`
    SELECT u.id, u.email, u.name, u.role, u.tier, u.is_guest, u.tier_override, u.daily_token_override,
      u.month_token_override, u.created_at,
      COALESCE((SELECT sum(l.total_tokens) FROM usage_ledger l WHERE l.user_id = u.id AND l.created_at >= ${month}::timestamp), 0) AS tokens,
      COALESCE((SELECT sum(l.cost_micros) FROM usage_ledger l WHERE l.user_id = u.id AND l.created_at >= ${month}::timestamp), 0) AS cost
    FROM users u ${where}
    ORDER BY u.created_at DESC, u.id LIMIT ${limit} OFFSET ${offset}`;
}

/** Over `users u`: an email containing the LIKE pattern, or exactly this id. */
export function userMatches(like: string, id: string): Sql {
  return sql`(u.email ILIKE ${like} OR u.id = ${id})`;
}

export const registeredOnly = sql`NOT u.is_guest`;

/** Users counted by the plan in force and guest or not: `tier, guest, n`. */
export const usersByTier = sql`SELECT COALESCE(tier_override, tier) AS tier, is_guest AS guest, count(*) AS n FROM users GROUP BY 1, 2 ORDER BY 1`;

/** Calls, tokens and cost since `day` and since `month` (day_* and month_* columns). */
export function spendTotals(day: Date, month: Date): Sql {
  return sql`
      SELECT count(*) FILTER (WHERE created_at >= ${day}::timestamp) AS day_calls,
        COALESCE(sum(total_tokens) FILTER (WHERE created_at >= ${day}::timestamp), 0) AS day_tokens,
        COALESCE(sum(cost_micros) FILTER (WHERE created_at >= ${day}::timestamp), 0) AS day_cost,
        count(*) AS month_calls, COALESCE(sum(total_tokens), 0) AS month_tokens, COALESCE(sum(cost_micros), 0) AS month_cost
      FROM usage_ledger WHERE created_at >= ${month}::timestamp`;
}

/** Stripe events that failed since `since`, as `n`. */
export function failedEventCount(since: Date): Sql {
  return sql`SELECT count(*) AS n FROM processed_webhook_events
      WHERE status = 'failed' AND received_at >= ${since}::timestamp`;
}

/** Subscriptions counted by status, tier and price: `status, tier, price_id, n`. */
export const subscriptionGroups = sql`
      SELECT status, tier, price_id, count(*) AS n FROM subscriptions GROUP BY status, tier, price_id`;

/** The subscriptions with their user's email, latest period end first. */
export function latestSubscriptions(limit: number): Sql {
  return sql`
      SELECT s.id, u.email, s.tier, s.status, s.price_id, s.current_period_end, s.cancel_at_period_end
      FROM subscriptions s JOIN users u ON u.id = s.user_id
      ORDER BY s.current_period_end DESC, s.id LIMIT ${limit}`;
}

/** The ledger since `from` by model, costliest first. */
export function costByModelSince(from: Date): Sql {
  return sql`
    SELECT model, count(*) AS calls, sum(input_tokens) AS input, sum(cached_tokens) AS cached,
      sum(output_tokens) AS output, sum(thinking_tokens) AS thinking, sum(cost_micros) AS cost,
      count(*) FILTER (WHERE estimated) AS estimated, count(*) FILTER (WHERE outcome = 'error') AS failed,
      round(avg(latency_ms)) AS latency
    FROM usage_ledger WHERE created_at >= ${from}::timestamp
    GROUP BY model ORDER BY sum(cost_micros) DESC, model`;
}

/** The ledger by UTC day for `days` days from `from`, days without calls included, newest first. */
export function costByDaySince(from: Date, days: number): Sql {
  return sql`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, count(l.id) AS calls,
      COALESCE(sum(l.total_tokens), 0) AS tokens, COALESCE(sum(l.cost_micros), 0) AS cost
    FROM generate_series(${from}::timestamp, ${from}::timestamp + ${days - 1} * interval '1 day', interval '1 day') AS d(day)
    LEFT JOIN usage_ledger l ON l.created_at >= d.day AND l.created_at < d.day + interval '1 day'
    GROUP BY d.day ORDER BY d.day DESC`;
}

/** The latest Stripe events, optionally of one status. */
export function webhookEventPage(status: string | undefined, limit: number): Sql {
  const where = status ? sql`WHERE status = ${status}` : emptySql;
  return sql`SELECT id, type, status, error, received_at, processed_at FROM processed_webhook_events ${where}
    ORDER BY received_at DESC, id LIMIT ${limit}`;
}

/** The latest audit entries with the actor's email, optionally of one action. */
export function auditPage(action: string | undefined, limit: number): Sql {
  const where = action ? sql`WHERE a.action = ${action}` : emptySql;
  return sql`SELECT a.id::text AS id, a.created_at, a.action, a.actor_id, u.email, a.target_type, a.target_id, a.ip, a.metadata
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ${where}
    ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`;
}

/** The actions present in the audit log, in order. */
export const auditActionList = sql`SELECT DISTINCT action FROM audit_log ORDER BY action`;
