// The writes that end a model call: its settlement, the hold of the call after
// it, and, for the last call of a turn, the answer's final state. A database
// blip is ridden out by retrying for CHAT_FINAL_WRITE_RETRY_MS while the stream
// stays open; past that the call is
// kept in the outbox (outbox.ts) and applied when the database is back, so a
// served call is never missing from the ledger and a shown answer is never lost.
import type { Logger } from "pino";
import { env } from "@/lib/config/env";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { retryWhileUnavailable } from "@/lib/db/retry";
import type { MessageView } from "./conversations";
import { keepForLater } from "./outbox";
import { getSpendGuard, type BeforeCallInput, type CallUsage, type SpendHold } from "./spend-guard";
import { settleWithAnswer } from "./settle-with-answer";
import type { AnswerFields } from "./statements";
import { answerView, storeAnswer } from "./store-turn";

export interface Unsettled {
  hold: SpendHold;
  usage: CallUsage;
}

const retryWindow = () => ({ forMs: env().CHAT_FINAL_WRITE_RETRY_MS });

/** Settles one call (a fallback's first model, a summary); kept for later if the database stays away. */
export async function settleDurably(call: Unsettled, log: Logger): Promise<void> {
  try {
    await retryWhileUnavailable(() => getSpendGuard().afterCall(call.hold, call.usage), retryWindow());
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    await keepForLater({ settle: call, answer: null });
    log.warn({ holdId: call.hold.id }, "usage kept in the outbox until the database is back");
  }
}

/**
 * The hold of a turn's next call (a restart, a fallback), taken through a blip as
 * the writes around it are. Should a hold commit with its reply lost, the retry
 * takes another: the first then only counts until it expires, never charged.
 */
export function holdForNext(input: BeforeCallInput): Promise<SpendHold> {
  return retryWhileUnavailable(async () => (await getSpendGuard().beforeCall(input)).hold, retryWindow());
}

/** The answer's final state with its call's settlement; the view the client gets either way. */
export async function storeOutcome(
  answerId: string,
  unsettled: Unsettled | null,
  answer: AnswerFields,
  log: Logger,
): Promise<MessageView> {
  try {
    return await retryWhileUnavailable(() => settleAndStore(answerId, unsettled, answer, log), retryWindow());
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    await keepForLater({ settle: unsettled, answer: { id: answerId, fields: answer } });
    log.warn({ messageId: answerId }, "answer and usage kept in the outbox until the database is back");
    return answerView(answerId, answer, [{ role: "model", created_at: new Date() }]);
  }
}

/**
 * The last call's settlement and the answer's final state in one statement (one
 * round trip, one transaction). If that statement fails for another reason than
 * the database being away, neither took effect: each is then tried on its own,
 * metering first.
 */
async function settleAndStore(
  answerId: string,
  unsettled: Unsettled | null,
  answer: AnswerFields,
  log: Logger,
): Promise<MessageView> {
  if (!unsettled) return storeAnswer(answerId, answer);
  let rows: Record<string, unknown>[];
  try {
    rows = await settleWithAnswer(unsettled.hold, unsettled.usage, answerId, answer);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    log.warn({ err, messageId: answerId }, "settling with the answer failed; settling and storing apart");
    await settleDurably(unsettled, log);
    return storeAnswer(answerId, answer);
  }
  // Settled; no row back means the conversation was deleted during the turn.
  return answerView(answerId, answer, rows);
}
