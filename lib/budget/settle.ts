// Settle, the second half of reserve-then-settle, as ONE statement (so atomic):
// claim the hold (active or already expired; a hold is settled at most once), add
// the ACTUAL usage to the day and month counters of the windows the hold was
// taken in, and append the ledger row. A call that outlived its hold is still
// charged: the tokens were spent, so metering stays honest even if it lapsed.
// Its text is settlementCtes() in statements.ts, which a statement settling
// alongside writes of its own composes too (the chat's answer:
// lib/chat/settle-with-answer.ts).
import { query, toInt } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import * as statements from "./statements";
import type { CallUsage } from "./usage-types";

/** Reads settled.claimed; a hold already settled or unknown is logged (nothing was charged twice). */
export function wasClaimed(reservationId: string, claimed: unknown): boolean {
  const yes = toInt(claimed) > 0;
  if (!yes) logger.warn({ reservationId }, "budget hold already settled or unknown; usage not charged twice");
  return yes;
}

/** Settles the hold on its own; false if it was already settled or unknown. */
export async function settle(reservationId: string, usage: CallUsage, now: Date): Promise<boolean> {
  const [row] = await query<{ claimed: string }>(statements.settleAlone(reservationId, usage, now));
  return wasClaimed(reservationId, row?.claimed);
}
