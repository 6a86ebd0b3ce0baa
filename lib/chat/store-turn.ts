// The writes that open a turn: the user message and an empty "streaming" answer
// (and, for a first message, the conversation itself). They run while the model
// call starts, so the database is not on the time-to-first-token path; the
// answer's final update waits for them.
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
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
  decision: RouteDecision;
}

export function newId(): string {
  return randomUUID();
}

export async function storeTurnStart(w: TurnWrites): Promise<void> {
  // Explicit, increasing timestamps: the question must sort before its answer.
  const at = Date.now();
  const user = w.userMessage
    ? [{ id: w.userMessage.id, role: "user" as const, content: w.userMessage.content, createdAt: new Date(at) }]
    : [];
  const answer = {
    id: w.answerId,
    role: "model" as const,
    content: "",
    status: "streaming" as const,
    model: w.decision.model.id,
    routingReason: w.decision.reason,
    createdAt: new Date(at + 1),
  };
  const db = getDb();
  if (w.newTitle !== null) {
    await db.conversation.create({
      data: { id: w.conversationId, userId: w.userId, title: w.newTitle, messages: { create: [...user, answer] } },
    });
    return;
  }
  await db.$transaction([
    ...(w.replaces ? [db.message.deleteMany({ where: { id: w.replaces, conversationId: w.conversationId } })] : []),
    db.message.createMany({ data: [...user, answer].map((m) => ({ ...m, conversationId: w.conversationId })) }),
    // Bumps updatedAt so the conversation moves to the top of the sidebar.
    db.conversation.update({ where: { id: w.conversationId }, data: { updatedAt: new Date() } }),
  ]);
}
