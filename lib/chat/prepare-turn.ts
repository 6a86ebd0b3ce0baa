// Everything before the model call, where a refusal is still a plain HTTP error:
// ownership, context window and summary, routing, the spend guard's permission,
// then the user message and an empty "streaming" answer are stored.
import type { Content } from "@google/genai";
import type { Logger } from "pino";
import type { Identity } from "@/lib/auth/identity";
import { tierLimits } from "@/lib/budget/tiers";
import { worstCaseCostMicros } from "@/lib/ai/cost";
import { usingEmulator } from "@/lib/ai/gemini-client";
import { modelCatalog } from "@/lib/ai/models";
import { routeMessage, type RequestedModel, type RouteDecision } from "@/lib/ai/router";
import { countContentsTokens, countTextTokens } from "@/lib/ai/tokenizer";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Message } from "@/lib/db/generated/client";
import { AppError } from "@/lib/http/app-error";
import { getOwnedConversation, listMessages, titleFrom } from "./conversations";
import { planContext, type HistoryItem } from "./history";
import { getSpendGuard, type SpendHold } from "./spend-guard";
import { refreshSummary } from "./summary";
import { systemInstruction } from "./system-prompt";

export interface TurnInput {
  identity: Identity;
  ip: string | null;
  conversationId?: string;
  message?: string;
  /** Id of a failed answer to replace: re-answers the user message before it. */
  retryOf?: string;
  requested: RequestedModel;
  log: Logger;
}

export interface PreparedTurn {
  identity: Identity;
  ip: string | null;
  conversationId: string;
  userMessageId: string;
  messageId: string;
  decision: RouteDecision;
  hold: SpendHold;
  contents: Content[];
  systemInstruction: string;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  emulator: boolean;
  log: Logger;
}

const SENT = new Set(["complete", "partial"]);

function isSent(m: Pick<Message, "role" | "status" | "content">): boolean {
  return m.role === "user" || (SENT.has(m.status) && m.content.length > 0);
}

function toContent(m: Pick<Message, "role" | "content">): Content {
  return { role: m.role, parts: [{ text: m.content }] };
}

async function openConversation(input: TurnInput) {
  if (input.conversationId)
    return { convo: await getOwnedConversation(input.identity.userId, input.conversationId), created: false };
  if (!input.message) throw new AppError("bad_request:chat", "Write a message to start a conversation.");
  const convo = await getDb().conversation.create({
    data: { userId: input.identity.userId, title: titleFrom(input.message) },
  });
  return { convo, created: true };
}

/** The failed answer being retried: it must be the conversation's last message and not a complete answer. */
function checkRetry(history: Message[], retryOf: string): Message {
  const last = history.at(-1);
  if (!last || last.id !== retryOf || last.role !== "model") {
    throw new AppError("conflict:chat", "Only the latest answer can be retried.");
  }
  if (last.status === "complete" || last.status === "streaming") {
    throw new AppError("conflict:chat", "This answer did not fail, so there is nothing to retry.");
  }
  return last;
}

export async function prepareTurn(input: TurnInput): Promise<PreparedTurn> {
  const { identity, log } = input;
  if (!input.message && !input.retryOf) throw new AppError("bad_request:chat", "Write a message first.");
  const { convo, created } = await openConversation(input);
  try {
    let history = await listMessages(convo.id);
    if (input.retryOf) history = history.filter((m) => m.id !== checkRetry(history, input.retryOf!).id);
    const pending = input.retryOf
      ? null
      : { role: "user" as const, content: input.message!, status: "complete" as const };
    const all = pending ? [...history, pending] : history;
    if (all.at(-1)?.role !== "user") throw new AppError("conflict:chat", "There is no question to answer.");

    const e = env();
    const items: HistoryItem[] = all.map((m) => ({
      role: m.role,
      included: isSent(m),
      tokens: isSent(m) ? countTextTokens(m.content) : 0,
    }));
    const plan = planContext(items, convo.summarizedCount, {
      maxMessages: e.CHAT_HISTORY_MAX_MESSAGES,
      maxTokens: e.CHAT_HISTORY_MAX_TOKENS,
    });
    let summary = convo.summary;
    if (plan.resummarize) {
      summary = await refreshSummary({
        identity,
        ip: input.ip,
        conversationId: convo.id,
        previous: convo.summary,
        messages: all.slice(convo.summarizedCount, plan.start).filter(isSent),
        upTo: plan.start,
        log,
      });
    }
    const contents = all.slice(plan.start).filter(isSent).map(toContent);
    const system = systemInstruction(summary);
    const estimatedInputTokens = countContentsTokens(contents, system);

    const limits = tierLimits(identity.tier);
    const guard = getSpendGuard();
    const decision = routeMessage({
      message: all.at(-1)!.content,
      requested: input.requested,
      historyMessages: all.length - 1,
      estimatedInputTokens,
      maxOutputTokens: limits.maxOutputTokens,
      allowedRoles: limits.models,
      spendable: await guard.spendable(identity),
      catalog: modelCatalog(),
    });
    const hold = await guard.beforeCall({
      identity,
      ip: input.ip,
      conversationId: convo.id,
      model: decision.model.id,
      estimatedInputTokens,
      maxOutputTokens: limits.maxOutputTokens,
      worstCaseCostMicros: worstCaseCostMicros(decision.model, estimatedInputTokens, limits.maxOutputTokens),
    });

    // Explicit, increasing timestamps: now() is one value for a whole transaction,
    // and the question must sort before its answer.
    const at = Date.now();
    const [userMessageId, answer] = await storeTurn(hold, convo.id, decision.model.id, () =>
      getDb().$transaction(async (tx) => {
        if (input.retryOf) await tx.message.delete({ where: { id: input.retryOf } });
        const userId = pending
          ? (
              await tx.message.create({
                data: { conversationId: convo.id, role: "user", content: pending.content, createdAt: new Date(at) },
              })
            ).id
          : history.at(-1)!.id;
        const model = await tx.message.create({
          data: {
            conversationId: convo.id,
            role: "model",
            content: "",
            status: "streaming",
            model: decision.model.id,
            routingReason: decision.reason,
            createdAt: new Date(at + 1),
          },
        });
        // Bumps updatedAt so the conversation moves to the top of the sidebar.
        await tx.conversation.update({ where: { id: convo.id }, data: { updatedAt: new Date() } });
        return [userId, model] as const;
      }),
    );

    return {
      identity,
      ip: input.ip,
      conversationId: convo.id,
      userMessageId,
      messageId: answer.id,
      decision,
      hold,
      contents,
      systemInstruction: system,
      estimatedInputTokens,
      maxOutputTokens: limits.maxOutputTokens,
      emulator: usingEmulator(),
      log,
    };
  } catch (err) {
    // A refused first message must not leave an empty conversation in the sidebar.
    if (created) await getDb().conversation.delete({ where: { id: convo.id } });
    throw err;
  }
}

/** Runs the turn's writes; if they fail, the hold is still settled (as an unbilled error) before rethrowing. */
async function storeTurn<T>(
  hold: SpendHold,
  conversationId: string,
  model: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    await getSpendGuard().afterCall(hold, {
      model,
      inputTokens: 0,
      cachedTokens: 0,
      outputTokens: 0,
      thinkingTokens: 0,
      totalTokens: 0,
      costMicros: 0,
      estimated: false,
      latencyMs: 0,
      outcome: "error",
      conversationId,
      messageId: null,
      purpose: "chat",
    });
    throw err;
  }
}
