// Settle, the second half of reserve-then-settle, as ONE statement (so atomic):
// claim the hold (active or already expired; a hold is settled at most once), add
// the ACTUAL usage to the day and month counters of the windows the hold was
// taken in, and append the ledger row. A call that outlived its hold is still
// charged: the tokens were spent, so metering stays honest even if it lapsed.
// A caller may add one more statement to run in the same round trip and
// transaction (the chat stores its answer this way): it commits only with the
// settlement, and its RETURNING rows come back (its columns must not be named
// settle_claimed or settle_alongside_row, which this statement adds).
import { query, sql, type Sql } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import { toInt } from "./sql";
import { chargedTokens, type CallUsage } from "./usage-types";

export interface Settlement {
  /** False if the hold was already settled or unknown: nothing was charged twice. */
  claimed: boolean;
  /** The rows the statement run alongside returned. */
  alongside: Record<string, unknown>[];
}

export async function settle(reservationId: string, usage: CallUsage, now: Date, alongside?: Sql): Promise<Settlement> {
  const tokens = chargedTokens(usage);
  const cost = Math.max(0, Math.round(usage.costMicros));
  // The ledger row carries the hold's instant, so rebuilding counters from the
  // ledger puts every call in the same windows as the live counters. (Holds from
  // before windows were stored on them fall back to the calendar windows.)
  const rows = await query<{ settle_claimed: string } & Record<string, unknown>>(sql`
    WITH claimed AS (
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
        price_long_context, created_at)
      SELECT user_id, ${usage.conversationId}, ${usage.messageId}, ${reservationId}, ${usage.model},
        ${usage.purpose}, ${usage.inputTokens}::int, ${usage.cachedTokens}::int, ${usage.outputTokens}::int,
        ${usage.thinkingTokens}::int, ${tokens}::int, ${cost}::bigint, ${usage.estimated}::boolean,
        ${Math.round(usage.latencyMs)}::int, ${usage.outcome}, ${usage.price?.validFrom ?? null}::date,
        ${usage.price?.input ?? null}::int, ${usage.price?.cachedInput ?? null}::int, ${usage.price?.output ?? null}::int,
        ${usage.price?.longContext ?? null}::boolean, created_at
      FROM claimed RETURNING 1
    ), counts AS (
      SELECT (SELECT count(*) FROM counted) + (SELECT count(*) FROM ledger) AS claimed
    )${
      alongside
        ? sql`, alongside AS (${alongside})
    SELECT a.*, c.claimed AS settle_claimed FROM counts c
      LEFT JOIN (SELECT true AS settle_alongside_row, * FROM alongside) a ON true`
        : sql`
    SELECT claimed AS settle_claimed FROM counts`
    }`);
  const claimed = toInt(rows[0]?.settle_claimed) > 0;
  if (!claimed) logger.warn({ reservationId }, "budget hold already settled or unknown; usage not charged twice");
  // LEFT JOIN: a single row without settle_alongside_row when the statement alongside returned none.
  const returned = rows
    .filter((r) => r.settle_alongside_row === true)
    .map(({ settle_claimed: _c, settle_alongside_row: _a, ...rest }) => rest);
  return { claimed, alongside: returned };
}
