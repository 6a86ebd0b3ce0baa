// The writes that open a turn: the user message and an empty "streaming" answer
// (and, for a first message, the conversation itself). They run while the model
// call starts, so the database is not on the time-to-first-token path; the
// answer's final update waits for them. The answer row carries a lease (see
// stream-lease.ts) so a turn cut off by a stopped server shows as interrupted.
import { randomUUID } from "node:crypto";
import { env } from "@/lib/config/env";
import { retryWhileUnavailable } from "@/lib/db/retry";
import { joinSql, query, sql, type Sql } from "@/lib/db/sql";
import type { MessageView } from "./conversations";
import { conversationNotFound } from "./not-found";
import { leaseUntil } from "./stream-lease";
import type { TurnUsage } from "./events";
import type { RouteDecision } from "@/lib/ai/router";

export interface TurnWrites {
  userId: string;
  conversationId: string;
  /** Set when the conversation does not exist yet. */
  newTitle: string | null;
  /** Set when a new user message is stored (not on a retry). */
  userMessage: { id: string; content: string } | null;
  /** The failed answer a retry replaces. */
  replaces: string | null;
  answerId: string;
  /** The budget hold of the answer's call and its prompt estimate: settled from the row if the turn dies. */
  holdId: string | null;
  estimatedInputTokens: number;
  decision: RouteDecision;
}

export function newId(): string {
  return randomUUID();
}

export async function storeTurnStart(w: TurnWrites): Promise<void> {
  // Explicit, increasing timestamps: the question must sort before its answer.
  const at = Date.now();
  const rows = [
    ...(w.userMessage
      ? [
          sql`(${w.userMessage.id}, 'user'::"MessageRole", ${w.userMessage.content},
        'complete'::"MessageStatus", NULL, NULL, NULL::timestamp, NULL, 0, ${new Date(at)}::timestamp)`,
        ]
      : []),
    sql`(${w.answerId}, 'model'::"MessageRole", '', 'streaming'::"MessageStatus", ${w.decision.model.id},
        ${w.decision.reason}, ${leaseUntil(at)}::timestamp, ${w.holdId}, ${w.estimatedInputTokens}::int,
        ${new Date(at + 1)}::timestamp)`,
  ];
  // One statement either way, so the opening writes are atomic and one round trip.
  const opening =
    w.newTitle !== null
      ? sql`WITH convo AS (
          INSERT INTO conversations (id, user_id, title, created_at, updated_at)
          VALUES (${w.conversationId}, ${w.userId}, ${w.newTitle}, ${new Date(at)}::timestamp, ${new Date(at)}::timestamp)
          RETURNING id)`
      : sql`WITH dropped AS (
          DELETE FROM messages WHERE id = ${w.replaces} AND conversation_id = ${w.conversationId} RETURNING id
        ), convo AS (
          -- Bumps updated_at so the conversation moves to the top of the sidebar.
          UPDATE conversations SET updated_at = ${new Date(at)}::timestamp
          WHERE id = ${w.conversationId} RETURNING id)`;
  const inserted = await query(sql`${opening}
    INSERT INTO messages (conversation_id, id, role, content, status, model, routing_reason, alive_until, hold_id, input_tokens,
      created_at)
    SELECT convo.id, m.* FROM convo,
      (VALUES ${joinSql(rows)}) AS m(id, role, content, status, model, routing_reason, alive_until, hold_id, input_tokens,
        created_at)
    RETURNING 1`);
  // No rows: the conversation was deleted while this turn started.
  if (inserted.length !== rows.length) throw conversationNotFound();
}

/**
 * The opening writes, retried through a database blip for CHAT_OPENING_WRITE_RETRY_MS.
 * A retry first checks whether an attempt whose reply was lost did commit.
 */
export async function storeOpening(w: TurnWrites): Promise<void> {
  let tried = false;
  await retryWhileUnavailable(
    async () => {
      if (tried && (await query(sql`SELECT 1 FROM messages WHERE id = ${w.answerId}`)).length > 0) return;
      tried = true;
      await storeTurnStart(w);
    },
    { forMs: env().CHAT_OPENING_WRITE_RETRY_MS },
  );
}

export interface AnswerFields {
  content: string;
  /** Thought summaries, stored with the answer; null when the model sent none. */
  thinking: string | null;
  status: MessageView["status"];
  statusDetail: string | null;
  model: string;
  routingReason: string;
  usage: Pick<
    TurnUsage,
    "inputTokens" | "cachedTokens" | "outputTokens" | "thinkingTokens" | "costMicros" | "estimated"
  >;
}

/** The answer's final state as one UPDATE returning `role, created_at` (no row: its conversation was deleted). */
export function answerUpdate(answerId: string, a: AnswerFields): Sql {
  return sql`
    UPDATE messages SET content = ${a.content}, thinking = ${a.thinking}, status = ${a.status}::"MessageStatus", status_detail = ${a.statusDetail},
      model = ${a.model}, routing_reason = ${a.routingReason}, input_tokens = ${a.usage.inputTokens}::int,
      cached_tokens = ${a.usage.cachedTokens}::int, output_tokens = ${a.usage.outputTokens}::int,
      thinking_tokens = ${a.usage.thinkingTokens}::int, cost_micros = ${a.usage.costMicros}::bigint,
      usage_estimated = ${a.usage.estimated}::boolean, alive_until = NULL
    WHERE id = ${answerId} RETURNING role, created_at`;
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
