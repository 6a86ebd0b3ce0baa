// The writes that open a turn: the user message and an empty "streaming" answer
// (and, for a first message, the conversation itself). They run while the model
// call starts, so the database is not on the time-to-first-token path; the
// answer's final update waits for them. The answer row carries a lease (see
// stream-lease.ts) so a turn cut off by a stopped server shows as interrupted.
import { randomUUID } from "node:crypto";
import { env } from "@/lib/config/env";
import { retryWhileUnavailable } from "@/lib/db/retry";
import { query } from "@/lib/db/sql";
import type { MessageView } from "./conversations";
import { conversationNotFound } from "./not-found";
import { answerUpdate, messageExists, turnOpening, type AnswerFields, type TurnWrites } from "./statements";
import { leaseUntil } from "./stream-lease";

export function newId(): string {
  return randomUUID();
}

export async function storeTurnStart(w: TurnWrites): Promise<void> {
  const at = Date.now();
  const opening = turnOpening(w, at, leaseUntil(at));
  // No rows: the conversation was deleted while this turn started.
  if ((await query(opening.statement)).length !== opening.rows) throw conversationNotFound();
}

/**
 * The opening writes, retried through a database blip for CHAT_OPENING_WRITE_RETRY_MS.
 * A retry first checks whether an attempt whose reply was lost did commit.
 */
export async function storeOpening(w: TurnWrites): Promise<void> {
  let tried = false;
  await retryWhileUnavailable(
    async () => {
      if (tried && (await query(messageExists(w.answerId))).length > 0) return;
      tried = true;
      await storeTurnStart(w);
    },
    { forMs: env().CHAT_OPENING_WRITE_RETRY_MS },
  );
}

/** The stored answer from answerUpdate()'s returned rows; throws if its row was gone. */
export function answerView(answerId: string, a: AnswerFields, rows: Record<string, unknown>[]): MessageView {
  const m = rows[0] as { created_at: Date; role: MessageView["role"] } | undefined;
  if (!m) throw conversationNotFound();
  return {
    id: answerId,
    role: m.role,
    content: a.content,
    thinking: a.thinking,
    grounding: a.grounding ?? null,
    attachments: [],
    status: a.status,
    statusDetail: a.statusDetail,
    model: a.model,
    routingReason: a.routingReason,
    inputTokens: a.usage.inputTokens,
    outputTokens: a.usage.outputTokens,
    thinkingTokens: a.usage.thinkingTokens,
    costMicros: a.usage.costMicros,
    usageEstimated: a.usage.estimated,
    createdAt: m.created_at.toISOString(),
  };
}

/** The answer's final state on its own; throws if its row is gone (conversation deleted meanwhile). */
export async function storeAnswer(answerId: string, a: AnswerFields): Promise<MessageView> {
  return answerView(answerId, a, await query(answerUpdate(answerId, a)));
}
