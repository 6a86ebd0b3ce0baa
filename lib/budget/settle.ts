// Settle, the second half of reserve-then-settle, as ONE statement (so atomic):
// claim the hold (active or already expired; a hold is settled at most once), add
// the ACTUAL usage to the day and month counters of the windows the hold was
// taken in, and append the ledger row. A call that outlived its hold is still
// charged: the tokens were spent, so metering stays honest even if it lapsed.
// settlementCtes() is that statement's WITH queries, for a statement that settles
// alongside writes of its own (the chat's answer: lib/chat/settle-with-answer.ts).
import { query, sql, type Sql } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import { toInt } from "./sql";
import { chargedTokens, type CallUsage } from "./usage-types";

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
        price_long_context, created_at)
      SELECT user_id, ${usage.conversationId}, ${usage.messageId}, ${reservationId}, ${usage.model},
        ${usage.purpose}, ${usage.inputTokens}::int, ${usage.cachedTokens}::int, ${usage.outputTokens}::int,
        ${usage.thinkingTokens}::int, ${tokens}::int, ${cost}::bigint, ${usage.estimated}::boolean,
        ${Math.round(usage.latencyMs)}::int, ${usage.outcome}, ${usage.price?.validFrom ?? null}::date,
        ${usage.price?.input ?? null}::int, ${usage.price?.cachedInput ?? null}::int, ${usage.price?.output ?? null}::int,
        ${usage.price?.longContext ?? null}::boolean, created_at
      FROM claimed RETURNING 1
    ), settled AS (
      SELECT (SELECT count(*) FROM counted) + (SELECT count(*) FROM ledger) AS claimed
    )`;
}

/** Reads settled.claimed; a hold already settled or unknown is logged (nothing was charged twice). */
export function wasClaimed(reservationId: string, claimed: unknown): boolean {
  const yes = toInt(claimed) > 0;
  if (!yes) logger.warn({ reservationId }, "budget hold already settled or unknown; usage not charged twice");
  return yes;
}

/** Settles the hold on its own; false if it was already settled or unknown. */
export async function settle(reservationId: string, usage: CallUsage, now: Date): Promise<boolean> {
  const [row] = await query<{ claimed: string }>(
    sql`WITH ${settlementCtes(reservationId, usage, now)} SELECT claimed FROM settled`,
  );
  return wasClaimed(reservationId, row?.claimed);
}
