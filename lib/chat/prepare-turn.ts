// Everything before the model call, where a refusal is still a plain HTTP error:
// ownership, context window and summary, routing, the spend guard's permission.
// The opening writes are made by streamTurn, alongside the model call (see store-turn.ts).
import type { Content } from "@/lib/ai/stream-model";
import type { Logger } from "pino";
import type { Identity } from "@/lib/auth/identity";
import type { BudgetState } from "@/lib/budget/account";
import { UnconfirmedIdentity, type ProvisionalIdentity } from "@/lib/auth/identity-hints";
import { outputCap } from "@/lib/budget/hold-size";
import { assertMaySearch } from "@/lib/budget/search-allowance";
import { tierLimits, type TierLimits } from "@/lib/budget/tiers";
import { MAX_SEARCHES_PER_CALL } from "@/lib/ai/catalog";
import { worstCaseCostMicros } from "@/lib/ai/cost";
import { usingEmulator } from "@/lib/ai/gemini-client";
import { modelCatalog } from "@/lib/ai/models";
import { routeMessage, type RequestedModel, type RouteDecision } from "@/lib/ai/router";
import { countText, countTexts } from "@/lib/ai/token-count";
import { env } from "@/lib/config/env";
import type { Message } from "@/lib/db/generated/client";
import { AppError } from "@/lib/http/app-error";
import { switches } from "@/lib/ops/switches";
import { conversationForTurn, instructionsOf, listMessages, titleFrom } from "./conversations";
import { planContext, type HistoryItem } from "./history";
import { getSpendGuard, type SpendHold, type Spendable } from "./spend-guard";
import { turnFiles, windowContents } from "./turn-files";
import type { TurnWrites } from "./statements";
import { newId } from "./store-turn";
import { lapsed } from "./stream-lease";
import { refreshSummary } from "./summary";
import { summaryContents, systemPromptFor } from "./system-prompt";

export interface TurnInput {
  identity: Identity;
  ip: string | null;
  conversationId?: string;
  message?: string;
  /** Id of a failed answer to replace: re-answers the user message before it. */
  retryOf?: string;
  requested: RequestedModel;
  /** Let the model search the web for this message (Grounding with Google Search). */
  search?: boolean;
  /** Ids of uploaded files (POST /api/attachments) the new message carries. */
  attachments?: string[];
  /** The caller's budget state, when the route read it with their identity (withBudgetState). */
  budget?: BudgetState;
  /** Set while `identity` is a remembered one: the spend guard's admission confirms it. */
  provisional?: ProvisionalIdentity;
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
  /** The admission proved the remembered identity it was made on (TurnInput.provisional). */
  confirmed: boolean;
  /** The opening writes (user message, streaming answer), made alongside the model call. */
  opening: TurnWrites;
  contents: Content[];
  systemInstruction: string;
  estimatedInputTokens: number;
  /** Answer and thinking together (the API counts both against it). */
  maxOutputTokens: number;
  /** The cap was lowered to what the budget can still hold (outputCap in lib/budget/hold-size.ts). */
  outputCapped: boolean;
  /** The tier's thinking level per role (the call maps it to one its model accepts). */
  thinking: TierLimits["thinking"];
  /** The model may search the web; every call of the turn holds MAX_SEARCHES_PER_CALL searches. */
  search: boolean;
  emulator: boolean;
  log: Logger;
}

const SENT = new Set(["complete", "partial"]);

function isSent(m: Pick<Message, "role" | "status" | "content">): boolean {
  return m.role === "user" || (SENT.has(m.status) && m.content.length > 0);
}

async function openConversation(input: TurnInput) {
  if (input.conversationId) {
    const convo = await conversationForTurn(input.identity.userId, input.conversationId);
    // Marking an interrupted answer is a write: not for a caller not yet confirmed.
    const history = await listMessages(convo.id, !input.provisional);
    if (input.provisional && history.some((m) => lapsed(m, Date.now())))
      throw new UnconfirmedIdentity("an interrupted answer is to be marked first");
    return { convo, history, created: false };
  }
  if (!input.message) throw new AppError("bad_request:chat", "Write a message to start a conversation.");
  // Not stored yet: nothing is written until the spend guard has said yes.
  // A new conversation has no history, so the history-length preference does not matter yet.
  const convo = {
    id: newId(),
    summary: null,
    summarizedCount: 0,
    historyLength: Infinity,
    instructions: await instructionsOf(input.identity.userId),
  };
  return { convo, history: [] as Message[], created: true };
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

function sameRoute(a: RouteDecision, b: RouteDecision): boolean {
  return a.model.id === b.model.id && a.reason === b.reason && a.downgradedFrom === b.downgradedFrom;
}

export async function prepareTurn(input: TurnInput): Promise<PreparedTurn> {
  const { identity, log } = input;
  if (!input.message && !input.retryOf) throw new AppError("bad_request:chat", "Write a message first.");
  const on = await switches();
  if (identity.isGuest && !on.guestChat)
    throw new AppError("forbidden:chat", "Chat without an account is paused right now. Sign in (it's free) to chat.", {
      details: { signIn: true },
    });
  const { convo, history: stored, created } = await openConversation(input);
  const history = input.retryOf ? stored.filter((m) => m.id !== checkRetry(stored, input.retryOf!).id) : stored;
  const pending = input.retryOf
    ? null
    : { role: "user" as const, content: input.message!, status: "complete" as const };
  const all = pending ? [...history, pending] : history;
  if (all.at(-1)?.role !== "user") throw new AppError("conflict:chat", "There is no question to answer.");

  const e = env();
  // One message to the token counter for the whole history (see token-count.ts).
  const tokens = await countTexts(all.map((m) => (isSent(m) ? m.content : "")));
  const items: HistoryItem[] = all.map((m, i) => ({ role: m.role, included: isSent(m), tokens: tokens[i]! }));
  const plan = planContext(items, convo.summarizedCount, {
    // The user's preference, within the operator's bound.
    maxMessages: Math.min(convo.historyLength, e.CHAT_HISTORY_MAX_MESSAGES),
    maxTokens: e.CHAT_HISTORY_MAX_TOKENS,
  });
  let summary = convo.summary;
  if (plan.resummarize && !created) {
    // A summary is a model call: never made for a caller not yet confirmed.
    if (input.provisional) throw new UnconfirmedIdentity("a summary is due first");
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
  const first = created ? 0 : plan.start;
  const window = all.slice(first).filter(isSent);
  const files = await turnFiles(identity, pending ? (input.attachments ?? []) : null, window);
  // Stable content first, so the API's implicit cache can reuse the prefix: the
  // system prompt (the same on every call), then the summary (re-made only when
  // turns fall out of the window), then the history window, the new message last.
  const summaryOpening = summaryContents(summary);
  // The number of contents is known now; their file parts are made once the hold is granted.
  const contentCount = summaryOpening.length + window.length;
  // The user's custom instructions are part of it: counted in the estimate, so in the hold.
  const system = systemPromptFor(convo.instructions);
  // The prompt: the system instruction, the summary and the messages sent (already
  // counted), plus the token the API adds for each of them (the role marker).
  const openingTokens = summaryOpening.length ? await countText(summaryOpening[0]!.parts![0]!.text!) : 0;
  const estimatedInputTokens =
    (await countText(system)) +
    openingTokens +
    items.slice(first).reduce((sum, item) => sum + item.tokens, 0) +
    files.tokens +
    contentCount +
    1;

  const limits = tierLimits(identity.tier);
  const search = input.search === true;
  if (search) await assertMaySearch(identity);
  const guard = getSpendGuard();
  const { left: spendable, read } = await guard.spendable(identity, input.budget);
  const maxOutputTokens = outputCap(limits.maxOutputTokens, estimatedInputTokens, spendable.tokens);
  const route = (spendable: Spendable) =>
    routeMessage({
      message: all.at(-1)!.content,
      requested: input.requested,
      historyMessages: all.length - 1,
      estimatedInputTokens,
      maxOutputTokens,
      allowedRoles: limits.models,
      switchedOff: on.strongModel ? [] : ["strong"],
      spendable,
      catalog: modelCatalog(),
    });
  const decision = route(spendable);
  const { hold, confirmed } = await guard.beforeCall({
    identity,
    ip: input.ip,
    conversationId: convo.id,
    model: decision.model.id,
    estimatedInputTokens,
    maxOutputTokens,
    worstCaseCostMicros: worstCaseCostMicros(
      decision.model,
      estimatedInputTokens,
      maxOutputTokens,
      new Date(),
      search ? MAX_SEARCHES_PER_CALL : 0,
    ),
    read,
    provisional: input.provisional,
    // Routed on a remembered budget read: it must route the same on the one the admission makes.
    stillRoutes: (fresh) => sameRoute(route(fresh), decision),
  });
  // Only now may a file go to Gemini (a large one is uploaded to its Files API here).
  const contents = [
    ...summaryOpening,
    ...(await windowContents(files, window, {
      guard,
      hold,
      model: decision.model.id,
      conversationId: convo.id,
      log,
    })),
  ];

  const userMessageId = pending ? newId() : history.at(-1)!.id;
  const messageId = newId();
  const opening: TurnWrites = {
    userId: identity.userId,
    conversationId: convo.id,
    newTitle: created ? titleFrom(input.message!) : null,
    userMessage: pending ? { id: userMessageId, content: pending.content } : null,
    replaces: input.retryOf ?? null,
    answerId: messageId,
    holdId: hold.id,
    estimatedInputTokens,
    decision,
    attachmentIds: files.newIds,
    searching: search,
  };

  return {
    identity,
    ip: input.ip,
    conversationId: convo.id,
    userMessageId,
    messageId,
    decision,
    hold,
    confirmed,
    opening,
    contents,
    systemInstruction: system,
    estimatedInputTokens,
    maxOutputTokens,
    outputCapped: maxOutputTokens < limits.maxOutputTokens,
    thinking: limits.thinking,
    search,
    emulator: usingEmulator(),
    log,
  };
}
