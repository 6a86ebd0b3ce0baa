// Folds turns that fell out of the history window into the conversation's stored
// summary, using the lite model. Goes through the spend guard like every call.
import type { Logger } from "pino";
import type { Identity } from "@/lib/auth/identity";
import { pricedCost, worstCaseCostMicros } from "@/lib/ai/cost";
import { geminiClient } from "@/lib/ai/gemini-client";
import { callSignal } from "@/lib/ai/call-signal";
import { classifyFailure } from "@/lib/ai/gemini-errors";
import { modelFor } from "@/lib/ai/models";
import { thinkingConfig } from "@/lib/ai/thinking";
import { countPromptTokens } from "@/lib/ai/token-count";
import { SUMMARY_THINKING } from "@/lib/budget/tiers";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Message } from "@/lib/db/generated/client";
import { settleDurably } from "./final-write";
import { getSpendGuard } from "./spend-guard";
import { SUMMARY_PROMPT } from "./system-prompt";

const SUMMARY_MAX_OUTPUT = 600;

export interface SummaryInput {
  identity: Identity;
  ip: string | null;
  conversationId: string;
  previous: string | null;
  /** The messages to fold in, oldest first. */
  messages: Pick<Message, "role" | "content">[];
  /** summarizedCount to store once the summary is saved. */
  upTo: number;
  log: Logger;
}

function transcript(previous: string | null, messages: SummaryInput["messages"]): string {
  const lines = messages.map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.content}`);
  return [previous ? `Previous summary:\n${previous}\n` : "", "Conversation:", ...lines].join("\n");
}

/** Returns the new summary, or the previous one if the summary call failed (the chat goes on without it). */
export async function refreshSummary(input: SummaryInput): Promise<string | null> {
  const model = modelFor("lite");
  const text = transcript(input.previous, input.messages);
  const estimatedInputTokens = await countPromptTokens(text, SUMMARY_PROMPT);
  const guard = getSpendGuard();
  const hold = await guard.beforeCall({
    identity: input.identity,
    ip: input.ip,
    conversationId: input.conversationId,
    model: model.id,
    estimatedInputTokens,
    maxOutputTokens: SUMMARY_MAX_OUTPUT,
    worstCaseCostMicros: worstCaseCostMicros(model, estimatedInputTokens, SUMMARY_MAX_OUTPUT),
    countsAsRequest: false,
  });
  const started = performance.now();
  const startedAt = new Date();
  let usage = { inputTokens: estimatedInputTokens, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 };
  let estimated = true;
  let outcome: "ok" | "error" = "error";
  let upstreamStatus: number | null = null;
  let summary: string | null = input.previous;
  // One answer with nothing before it: a model quiet for the idle timeout has failed,
  // and the turn waiting on this goes on with the previous summary.
  const abort = callSignal(undefined, env().GEMINI_IDLE_TIMEOUT_MS);
  abort.arm();
  try {
    const res = await geminiClient().models.generateContent({
      model: model.id,
      contents: text,
      config: {
        systemInstruction: SUMMARY_PROMPT,
        maxOutputTokens: SUMMARY_MAX_OUTPUT,
        thinkingConfig: thinkingConfig(model, SUMMARY_THINKING, false),
        abortSignal: abort.signal,
      },
    });
    const u = res.usageMetadata;
    if (u?.promptTokenCount !== undefined) {
      usage = {
        inputTokens: u.promptTokenCount ?? 0,
        cachedTokens: u.cachedContentTokenCount ?? 0,
        outputTokens: u.candidatesTokenCount ?? 0,
        thinkingTokens: u.thoughtsTokenCount ?? 0,
      };
      estimated = false;
    }
    const fresh = res.text?.trim();
    if (fresh) {
      summary = fresh;
      outcome = "ok";
      await getDb().conversation.update({
        where: { id: input.conversationId },
        data: { summary, summarizedCount: input.upTo },
      });
    }
  } catch (err) {
    // A missing summary only shortens the context; the answer itself must still go out.
    // The timeout, rather than the SDK's AbortError it surfaces as.
    const failure = abort.timedOut() ?? err;
    // Refused with an HTTP error before any output: unbilled, so charged 0 as a chat call is.
    // A timeout or a broken connection may have been billed: its estimate stays.
    upstreamStatus = classifyFailure(failure).status;
    if (upstreamStatus !== null) {
      usage = { inputTokens: 0, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 };
      estimated = false;
    }
    input.log.warn({ err: failure, conversationId: input.conversationId }, "conversation summary failed");
  } finally {
    abort.dispose();
    const { costMicros, price } = pricedCost(model, usage, startedAt);
    // Served, so charged: through a database blip too, like every call of a turn.
    await settleDurably(
      {
        hold,
        usage: {
          model: model.id,
          ...usage,
          totalTokens: usage.inputTokens + usage.outputTokens + usage.thinkingTokens,
          costMicros,
          price,
          estimated,
          latencyMs: Math.round(performance.now() - started),
          outcome,
          conversationId: input.conversationId,
          messageId: null,
          purpose: "summary",
          upstreamStatus,
        },
      },
      input.log,
    );
  }
  return summary;
}
