// Conversation and message storage, always scoped to the owner: another user's
// conversation is "not found", never "forbidden", so ids leak nothing.
import { conversationFileKeys, filesOfMessages, toAttachmentView, type AttachmentView } from "@/lib/files/attachments";
import { deleteObjects } from "@/lib/files/store";
import type { Grounding } from "@/lib/ai/grounding";
import { preferencesSchema, readPreferences } from "@/lib/account/preferences";
import type { CustomInstructions } from "./system-prompt";
import { getDb } from "@/lib/db/client";
import { query } from "@/lib/db/sql";
import type { Attachment, Message } from "@/lib/db/generated/client";
import { settleInterrupted } from "./dead-turns";
import { conversationNotFound } from "./not-found";
import { turnConversation, userInstructions } from "./statements";

export { titleFrom } from "./title";

export const TITLE_MAX = 80;

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView {
  id: string;
  role: "user" | "model";
  content: string;
  /** Thought summaries shown collapsed above the answer; null when there were none. */
  thinking: string | null;
  /** The searches and cited sources of a grounded answer; null when it was not grounded. */
  grounding: Grounding | null;
  /** Files the user sent with this message. */
  attachments: AttachmentView[];
  status: "complete" | "streaming" | "partial" | "error" | "blocked";
  statusDetail: string | null;
  model: string | null;
  routingReason: string | null;
  inputTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  costMicros: number;
  usageEstimated: boolean;
  createdAt: string;
}

export function toMessageView(m: Message, files: Attachment[] = []): MessageView {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    thinking: m.thinking,
    grounding: (m.grounding as Grounding | null) ?? null,
    attachments: files.map(toAttachmentView),
    status: m.status,
    statusDetail: m.statusDetail,
    model: m.model,
    routingReason: m.routingReason,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    thinkingTokens: m.thinkingTokens,
    costMicros: Number(m.costMicros),
    usageEstimated: m.usageEstimated,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function listConversations(userId: string, limit = 200): Promise<ConversationSummary[]> {
  const rows = await getDb().conversation.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, title: true, createdAt: true, updatedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function getOwnedConversation(userId: string, id: string) {
  const convo = await getDb().conversation.findFirst({ where: { id, userId } });
  if (!convo) throw conversationNotFound();
  return convo;
}

/** What a chat turn needs of a conversation, with its owner's history-length preference, in one query. */
export async function conversationForTurn(
  userId: string,
  id: string,
): Promise<{
  id: string;
  summary: string | null;
  summarizedCount: number;
  historyLength: number;
  instructions: CustomInstructions;
}> {
  const [row] = await query<{
    id: string;
    summary: string | null;
    summarized_count: number;
    history: unknown;
    about_me: unknown;
    answer_style: unknown;
  }>(turnConversation(userId, id));
  if (!row) throw conversationNotFound();
  const history = preferencesSchema.shape.historyLength.safeParse(row.history);
  return {
    id: row.id,
    summary: row.summary,
    summarizedCount: row.summarized_count,
    historyLength: history.success ? history.data : preferencesSchema.shape.historyLength.parse(undefined),
    instructions: readInstructions(row),
  };
}

function readInstructions(row: { about_me: unknown; answer_style: unknown } | undefined): CustomInstructions {
  const prefs = readPreferences({ aboutMe: row?.about_me, answerStyle: row?.answer_style });
  return { aboutMe: prefs.aboutMe, answerStyle: prefs.answerStyle };
}

/** A user's custom instructions, for a conversation about to be created. */
export async function instructionsOf(userId: string): Promise<CustomInstructions> {
  const [row] = await query<{ about_me: unknown; answer_style: unknown }>(userInstructions(userId));
  return readInstructions(row);
}

/**
 * The conversation's messages in order; answers cut off by a stopped server come
 * back as interrupted, and are marked so unless `settle` is false (a reader that
 * may not write yet).
 */
export async function listMessages(conversationId: string, settle = true): Promise<Message[]> {
  const messages = await getDb().message.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return settle ? settleInterrupted(messages) : messages;
}

/** A conversation's messages as the UI and the API show them, with the files each carried. */
export async function listMessageViews(conversationId: string): Promise<MessageView[]> {
  const messages = await listMessages(conversationId);
  const files = await filesOfMessages(messages.map((m) => m.id));
  return messages.map((m) => toMessageView(m, files.get(m.id)));
}

export async function renameConversation(userId: string, id: string, title: string): Promise<ConversationSummary> {
  const { count } = await getDb().conversation.updateMany({ where: { id, userId }, data: { title } });
  if (count === 0) throw conversationNotFound();
  const c = await getOwnedConversation(userId, id);
  return { id: c.id, title: c.title, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

/** Deletes a conversation, its messages and the files they carried (rows first: they are what is shown). */
export async function deleteConversation(userId: string, id: string): Promise<void> {
  const keys = await conversationFileKeys(id);
  const { count } = await getDb().conversation.deleteMany({ where: { id, userId } });
  if (count === 0) throw conversationNotFound();
  await deleteObjects(keys);
}
