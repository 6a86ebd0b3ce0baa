// Settle, the second half of reserve-then-settle. In one transaction: claim the
// hold (active or already expired; a hold is settled at most once), add the
// ACTUAL usage to the day and month counters of the windows the hold was taken
// in, and append the ledger row. A call that outlived its hold is still charged:
// the tokens were spent, so metering stays honest even if the hold had lapsed.
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { Prisma } from "@/lib/db/generated/client";
import { parsePeriods, periodsSql } from "./account";
import { toDate, ts } from "./sql";
import { chargedTokens, type CallUsage } from "./usage-types";
import { windowsAt } from "./windows";

export async function settle(reservationId: string, usage: CallUsage, now: Date): Promise<boolean> {
  const tokens = chargedTokens(usage);
  const cost = Math.max(0, Math.round(usage.costMicros));
  return getDb().$transaction(
    async (tx) => {
      const claimed = await tx.$queryRaw<{ user_id: string; created_at: unknown; periods: unknown }[]>`
        UPDATE budget_reservations r SET status = 'settled', settled_at = ${ts(now)}
        WHERE r.id = ${reservationId} AND r.status IN ('active', 'expired')
        RETURNING r.user_id, r.created_at, ${periodsSql(Prisma.sql`r.user_id`)} AS periods`;
      const hold = claimed[0];
      if (!hold) {
        logger.warn({ reservationId }, "budget hold already settled or unknown; usage not charged twice");
        return false;
      }
      const at = toDate(hold.created_at);
      const windows = windowsAt(at, parsePeriods(hold.periods));
      // Counters and ledger row in one statement. The ledger row carries the hold's
      // instant, so rebuilding counters from the ledger puts every call in the same
      // windows as the live counters.
      await tx.$executeRaw`
        WITH counted AS (
          INSERT INTO budget_counters (user_id, "window", window_start, tokens_used, cost_micros)
          VALUES (${hold.user_id}, 'day', ${ts(windows.day.start)}, ${tokens}, ${cost}),
                 (${hold.user_id}, 'month', ${ts(windows.month.start)}, ${tokens}, ${cost})
          ON CONFLICT (user_id, "window", window_start) DO UPDATE SET
            tokens_used = budget_counters.tokens_used + EXCLUDED.tokens_used,
            cost_micros = budget_counters.cost_micros + EXCLUDED.cost_micros
          RETURNING 1
        )
        INSERT INTO usage_ledger (user_id, conversation_id, message_id, reservation_id, model, purpose,
          input_tokens, cached_tokens, output_tokens, thinking_tokens, total_tokens, cost_micros,
          estimated, latency_ms, outcome, created_at)
        VALUES (${hold.user_id}, ${usage.conversationId}, ${usage.messageId}, ${reservationId}, ${usage.model},
          ${usage.purpose}, ${usage.inputTokens}, ${usage.cachedTokens}, ${usage.outputTokens},
          ${usage.thinkingTokens}, ${tokens}, ${cost}, ${usage.estimated}, ${Math.round(usage.latencyMs)},
          ${usage.outcome}, ${ts(at)})`;
      return true;
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}
