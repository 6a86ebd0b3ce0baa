// Chat's SQL statements, as builders that only compose text and values
// (lib/db/sql.ts runs them): a turn's opening rows, the answer's lease and final
// state, interrupted answers, the conversation a turn reads and its written title.
// The statement that settles a call together with its answer is composed in
// settle-with-answer.ts.
import type { Grounding } from "@/lib/ai/grounding";
import { joinSql, sql, type Sql } from "@/lib/db/sql";
import type { RouteDecision } from "@/lib/ai/router";
import type { MessageView } from "./conversations";
import type { TurnUsage } from "./events";

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
  /** Files sent with the user message: linked to it in the same statement. */
  attachmentIds?: string[];
  /** The answer's call may search the web. */
  searching?: boolean;
}

/**
 * A turn's opening rows in one statement (atomic, one round trip): the
 * conversation if new (else its updated_at is bumped and a retried answer
 * dropped), the user message if any, and the empty "streaming" answer. Returns a
 * row per message inserted; none when the conversation was deleted meanwhile.
 */
export function turnOpening(w: TurnWrites, at: number, aliveUntil: Date): { statement: Sql; rows: number } {
  // Explicit, increasing timestamps: the question must sort before its answer.
  const rows = [
    ...(w.userMessage
      ? [
          sql`(${w.userMessage.id}, 'user'::"MessageRole", ${w.userMessage.content},
        'complete'::"MessageStatus", NULL, NULL, NULL::timestamp, NULL, 0, false, ${new Date(at)}::timestamp)`,
        ]
      : []),
    sql`(${w.answerId}, 'model'::"MessageRole", '', 'streaming'::"MessageStatus", ${w.decision.model.id},
        ${w.decision.reason}, ${aliveUntil}::timestamp, ${w.holdId}, ${w.estimatedInputTokens}::int,
        ${w.searching ?? false}::boolean, ${new Date(at + 1)}::timestamp)`,
  ];
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
  const files = w.userMessage && w.attachmentIds?.length ? w.attachmentIds : null;
  const insert = sql`INSERT INTO messages (conversation_id, id, role, content, status, model, routing_reason, alive_until,
      hold_id, input_tokens, searching, created_at)
    SELECT convo.id, m.* FROM convo,
      (VALUES ${joinSql(rows)}) AS m(id, role, content, status, model, routing_reason, alive_until, hold_id, input_tokens,
        searching, created_at)
    RETURNING 1`;
  const statement = files
    ? sql`${opening}, inserted AS (${insert}), linked AS (
        UPDATE attachments SET message_id = ${w.userMessage!.id}
        WHERE id = ANY(${files}::text[]) AND user_id = ${w.userId} AND message_id IS NULL AND EXISTS (SELECT 1 FROM inserted)
        RETURNING 1)
      SELECT 1 FROM inserted`
    : sql`${opening}
    ${insert}`;
  return { statement, rows: rows.length };
}

/** One row if the message exists. */
export function messageExists(id: string): Sql {
  return sql`SELECT 1 FROM messages WHERE id = ${id}`;
}

export interface AnswerFields {
  content: string;
  /** Thought summaries, stored with the answer; null when the model sent none. */
  thinking: string | null;
  /** Searches and sources of a grounded answer; null when it was not grounded. */
  grounding?: Grounding | null;
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
    UPDATE messages SET content = ${a.content}, thinking = ${a.thinking},
      grounding = ${a.grounding ? JSON.stringify(a.grounding) : null}::jsonb, status = ${a.status}::"MessageStatus", status_detail = ${a.statusDetail},
      model = ${a.model}, routing_reason = ${a.routingReason}, input_tokens = ${a.usage.inputTokens}::int,
      cached_tokens = ${a.usage.cachedTokens}::int, output_tokens = ${a.usage.outputTokens}::int,
      thinking_tokens = ${a.usage.thinkingTokens}::int, cost_micros = ${a.usage.costMicros}::bigint,
      usage_estimated = ${a.usage.estimated}::boolean, alive_until = NULL
    WHERE id = ${answerId} RETURNING role, created_at`;
}

/** A streaming answer's lease renewal, with the text so far and the hold in flight when given. */
export function leaseRenewal(
  answerId: string,
  aliveUntil: Date,
  progress?: { text: string; holdId: string | null },
): Sql {
  return progress
    ? sql`UPDATE messages SET alive_until = ${aliveUntil}::timestamp, content = ${progress.text},
          hold_id = ${progress.holdId} WHERE id = ${answerId} AND status = 'streaming'`
    : sql`UPDATE messages SET alive_until = ${aliveUntil}::timestamp
          WHERE id = ${answerId} AND status = 'streaming'`;
}

/** Streaming answers whose lease ran out before `now`, oldest first, as DeadAnswer rows. */
export function lapsedAnswers(now: Date, limit: number): Sql {
  return sql`
    SELECT id, conversation_id AS "conversationId", status, alive_until AS "aliveUntil", created_at AS "createdAt",
      content, model, hold_id AS "holdId", input_tokens AS "inputTokens", searching
    FROM messages WHERE status = 'streaming' AND alive_until < ${now}::timestamp
    ORDER BY alive_until LIMIT ${limit}`;
}

/**
 * Marks the answers interrupted, only those still streaming with their lease
 * (alive_until, or creation plus `leaseMs` for rows without one) run out before
 * `now`; returns the ids marked.
 */
export function markInterrupted(ids: readonly string[], detail: string, leaseMs: number, now: Date): Sql {
  return sql`
    UPDATE messages SET status = 'error', status_detail = ${detail}, alive_until = NULL
    WHERE id IN (${joinSql(ids)}) AND status = 'streaming'
      AND COALESCE(alive_until, created_at + ${leaseMs} * interval '1 millisecond') < ${now}::timestamp
    RETURNING id`;
}

/** The user's conversation with what a turn needs of it and the owner's history-length preference. */
export function turnConversation(userId: string, id: string): Sql {
  return sql`
    SELECT c.id, c.summary, c.summarized_count, u.preferences -> 'historyLength' AS history,
      u.preferences -> 'aboutMe' AS about_me, u.preferences -> 'answerStyle' AS answer_style
    FROM conversations c JOIN users u ON u.id = c.user_id
    WHERE c.id = ${id} AND c.user_id = ${userId}`;
}

/** A user's custom instructions (for a new conversation, which has no row to join yet). */
export function userInstructions(userId: string): Sql {
  return sql`SELECT preferences -> 'aboutMe' AS about_me, preferences -> 'answerStyle' AS answer_style
    FROM users WHERE id = ${userId}`;
}

/** The written title, only over the first-line title (a rename in the meantime wins); a row if set. */
export function writtenTitle(conversationId: string, title: string, firstLine: string): Sql {
  return sql`
    UPDATE conversations SET title = ${title}
    WHERE id = ${conversationId} AND title = ${firstLine} RETURNING 1`;
}
