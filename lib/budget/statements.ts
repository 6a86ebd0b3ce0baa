// The budget's SQL statements, as builders that only compose text and values
// (lib/db/sql.ts runs them): the account read, the reservation, the settlement,
// the ledger's counters and the operator's daily allowance. Statements that span
// domains are composed where their step lives (lib/budget/admit.ts: proof, hold
// and rate limits; lib/chat/settle-with-answer.ts: settlement and answer).
import { joinSql, sql, type Sql } from "@/lib/db/sql";
import type { CounterRow } from "./ledger";
import type { EffectiveLimits } from "./limits";
import { chargedTokens, type CallUsage } from "./usage-types";
import { calendarMonthWindow, LIVE_SUBSCRIPTION_STATUSES, type Window } from "./windows";

const LIVE = joinSql([...LIVE_SUBSCRIPTION_STATUSES]);

/** A subquery giving the user's live billing periods as JSON [[startMs, endMs], ...]. */
export function periodsSql(userIdExpr: Sql): Sql {
  return sql`(SELECT COALESCE(json_agg(json_build_array(
      (extract(epoch FROM s.current_period_start) * 1000)::bigint,
      (extract(epoch FROM s.current_period_end) * 1000)::bigint)), '[]'::json)
    FROM subscriptions s WHERE s.user_id = ${userIdExpr} AND s.status IN (${LIVE}))`;
}

/**
 * What readBudgetState() reads, as select-list columns over a `users u` row, so
 * another query about the same user (identity) can bring it along.
 */
export function budgetStateColumns(now: Date): Sql {
  const uid = sql`u.id`;
  // Counter rows that can be in a window at `now`: this calendar month's, and any
  // starting a live billing period (which may have begun last month or last year).
  return sql`u.tier, u.tier_override, u.daily_token_override, u.month_token_override,
      ${periodsSql(uid)} AS periods, budget_account_key(u.id) AS account_key,
      (SELECT json_agg(json_build_array(c."window", (extract(epoch FROM c.window_start) * 1000)::bigint,
          c.tokens_used, c.cost_micros))
        FROM budget_counters c WHERE c.user_id = u.id AND (c.window_start >= ${calendarMonthWindow(now).start}::timestamp
          OR c.window_start IN (SELECT s.current_period_start FROM subscriptions s
            WHERE s.user_id = u.id AND s.status IN (${LIVE})))) AS counters,
      (SELECT COALESCE(SUM(r.tokens), 0)::bigint FROM budget_reservations r
        WHERE r.user_id = u.id AND r.status = 'active' AND r.expires_at > ${now}::timestamp) AS held_tokens,
      (SELECT COALESCE(SUM(r.cost_micros), 0)::bigint FROM budget_reservations r
        WHERE r.user_id = u.id AND r.status = 'active' AND r.expires_at > ${now}::timestamp) AS held_cost`;
}

/** The budget state of one user (budgetStateColumns) from their `users` row; no row if there is none. */
export function budgetState(userId: string, now: Date): Sql {
  return sql`SELECT ${budgetStateColumns(now)} FROM users u WHERE u.id = ${userId}`;
}

/** The user's live billing periods as one `periods` column. */
export function billingPeriods(userId: string): Sql {
  return sql`SELECT ${periodsSql(sql`${userId}`)} AS periods`;
}

/**
 * The budget_reserve() call (lib/budget/functions/budget.sql) taking a hold for
 * `user` (an id, or an SQL expression giving one) in `windows`, as a table expression.
 */
export function budgetReserve(
  user: Sql | string,
  accountKey: string,
  hold: { id: string; tokens: number; costMicros: number; now: Date; expiresAt: Date },
  windows: { day: Window; month: Window },
  limits: EffectiveLimits,
): Sql {
  return sql`budget_reserve(${user}, ${accountKey}, ${hold.id}, ${hold.tokens}, ${hold.costMicros},
    ${windows.day.start}::timestamp, ${windows.month.start}::timestamp, ${hold.now}::timestamp,
    ${hold.expiresAt}::timestamp, ${limits.dailyTokens}, ${limits.monthlyTokens}, ${limits.monthlyCostCapMicros})`;
}

/** Gives an active hold back unused. */
export function releaseHold(reservationId: string, now: Date): Sql {
  return sql`
    UPDATE budget_reservations SET status = 'released', settled_at = ${now}::timestamp
    WHERE id = ${reservationId} AND status = 'active'`;
}

/**
 * The settlement as WITH queries (no leading WITH) ending in `settled(claimed)`:
 * claimed > 0 when this statement claimed the hold, 0 when it was already
 * settled or unknown (then nothing is charged).
 */
export function settlementCtes(reservationId: string, usage: CallUsage, now: Date): Sql {
  const tokens = chargedTokens(usage);
  const cost = Math.max(0, Math.round(usage.costMicros));
  // The ledger row carries the hold's instant, so rebuilding counters from the
  // ledger puts every call in the same windows as the live counters. (Holds from
  // before windows were stored on them fall back to the calendar windows.)
  return sql`claimed AS (
      UPDATE budget_reservations r SET status = 'settled', settled_at = ${now}::timestamp
      WHERE r.id = ${reservationId} AND r.status IN ('active', 'expired')
      RETURNING r.user_id, r.created_at,
        COALESCE(r.day_start, date_trunc('day', r.created_at)) AS day_start,
        COALESCE(r.month_start, date_trunc('month', r.created_at)) AS month_start
    ), counted AS (
      INSERT INTO budget_counters (user_id, "window", window_start, tokens_used, cost_micros)
      SELECT user_id, 'day', day_start, ${tokens}::bigint, ${cost}::bigint FROM claimed
      UNION ALL
      SELECT user_id, 'month', month_start, ${tokens}::bigint, ${cost}::bigint FROM claimed
      ON CONFLICT (user_id, "window", window_start) DO UPDATE SET
        tokens_used = budget_counters.tokens_used + EXCLUDED.tokens_used,
        cost_micros = budget_counters.cost_micros + EXCLUDED.cost_micros
      RETURNING 1
    ), ledger AS (
      INSERT INTO usage_ledger (user_id, conversation_id, message_id, reservation_id, model, purpose,
        input_tokens, cached_tokens, output_tokens, thinking_tokens, total_tokens, cost_micros,
        estimated, latency_ms, outcome, price_valid_from, price_input, price_cached_input, price_output,
        price_long_context, search_queries, input_image_tokens, input_document_tokens, created_at)
      SELECT user_id, ${usage.conversationId}, ${usage.messageId}, ${reservationId}, ${usage.model},
        ${usage.purpose}, ${usage.inputTokens}::int, ${usage.cachedTokens}::int, ${usage.outputTokens}::int,
        ${usage.thinkingTokens}::int, ${tokens}::int, ${cost}::bigint, ${usage.estimated}::boolean,
        ${Math.round(usage.latencyMs)}::int, ${usage.outcome}, ${usage.price?.validFrom ?? null}::date,
        ${usage.price?.input ?? null}::int, ${usage.price?.cachedInput ?? null}::int, ${usage.price?.output ?? null}::int,
        ${usage.price?.longContext ?? null}::boolean, ${usage.searchQueries ?? 0}::int, ${usage.imageTokens ?? 0}::int,
        ${usage.documentTokens ?? 0}::int, created_at
      FROM claimed RETURNING 1
    ), settled AS (
      SELECT (SELECT count(*) FROM counted) + (SELECT count(*) FROM ledger) AS claimed
    )`;
}

/** The settlement on its own, returning `claimed`. */
export function settleAlone(reservationId: string, usage: CallUsage, now: Date): Sql {
  return sql`WITH ${settlementCtes(reservationId, usage, now)} SELECT claimed FROM settled`;
}

/** Every ledger row of a user: its instant, tokens and cost. */
export function ledgerUsage(userId: string): Sql {
  return sql`SELECT created_at, total_tokens, cost_micros FROM usage_ledger WHERE user_id = ${userId}`;
}

/** Search queries a user's calls executed since `since` (the search allowance's window). */
export function searchQueriesSince(userId: string, since: Date): Sql {
  return sql`SELECT coalesce(sum(search_queries), 0) AS used FROM usage_ledger
    WHERE user_id = ${userId} AND created_at >= ${since}::timestamp`;
}

/** A user's budget counters. */
export function counters(userId: string): Sql {
  return sql`SELECT "window", window_start, tokens_used, cost_micros FROM budget_counters WHERE user_id = ${userId}`;
}

/** The user row's lock that every reservation takes first. */
export function lockUser(userId: string): Sql {
  return sql`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
}

export function deleteCounters(userId: string): Sql {
  return sql`DELETE FROM budget_counters WHERE user_id = ${userId}`;
}

export function insertCounter(userId: string, r: CounterRow): Sql {
  return sql`INSERT INTO budget_counters (user_id, "window", window_start, tokens_used, cost_micros)
    VALUES (${userId}, ${r.window}, ${new Date(r.windowStart)}::timestamp, ${r.tokensUsed}::bigint, ${r.costMicros}::bigint)`;
}

/** The operator's row for a UTC day, created empty if missing. */
export function openSpendDay(day: string): Sql {
  return sql`INSERT INTO operator_spend_days (day, leased_micros) VALUES (${day}::date, 0) ON CONFLICT DO NOTHING`;
}

/** Leases up to `block` of the day's allowance if at least `need` fits under `cap`; returns `granted`. */
export function leaseSpend(day: string, need: number, block: number, cap: number): Sql {
  return sql`
    WITH cur AS (SELECT leased_micros FROM operator_spend_days WHERE day = ${day}::date FOR UPDATE)
    UPDATE operator_spend_days d SET leased_micros = LEAST(${cap}::bigint, cur.leased_micros + ${block}::bigint)
    FROM cur WHERE d.day = ${day}::date AND cur.leased_micros + ${need}::bigint <= ${cap}::bigint
    RETURNING d.leased_micros - cur.leased_micros AS granted`;
}

/** Gives `micros` of a day's lease back. */
export function returnSpend(day: string, micros: number): Sql {
  return sql`
    UPDATE operator_spend_days SET leased_micros = GREATEST(0, leased_micros - ${micros}::bigint)
    WHERE day = ${day}::date`;
}

/** The rows of a table expression (a function call such as budgetReserve()). */
export function fromTable(call: Sql): Sql {
  return sql`SELECT * FROM ${call}`;
}
