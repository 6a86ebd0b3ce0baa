// The model call of a prepared turn: streams deltas to the caller, falls back to
// the other model when one keeps failing before any text, settles every spend
// hold with actual or estimated usage, and stores the answer with its status.
import { pricedCost, worstCaseCostMicros } from "@/lib/ai/cost";
import { modelCatalog, type ModelRole, type ModelSpec } from "@/lib/ai/models";
import { streamModel, type ModelResult, type RetryPolicy } from "@/lib/ai/stream-model";
import { thinkingConfig } from "@/lib/ai/thinking";
import { tierLimits } from "@/lib/budget/tiers";
import { env } from "@/lib/config/env";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { AppError } from "@/lib/http/app-error";
import type { MessageView } from "./conversations";
import type { ChatEvent, TurnUsage } from "./events";
import type { PreparedTurn } from "./prepare-turn";
import { holdForNext, settleDurably, storeOutcome, type Unsettled } from "./final-write";
import type { CallUsage, SpendHold } from "./spend-guard";
import type { AnswerFields } from "./store-turn";
import { keepAlive } from "./stream-lease";

export interface TurnResult {
  message: MessageView;
  usage: TurnUsage;
}

/** How many times a stream cut after text is answered again before it is kept as partial. */
export const MAX_RESTARTS = 2;

export function retryPolicy(): RetryPolicy {
  const e = env();
  return {
    maxRetries: e.GEMINI_MAX_RETRIES,
    baseDelayMs: e.GEMINI_RETRY_BASE_MS,
    maxDelayMs: e.GEMINI_RETRY_MAX_DELAY_MS,
    idleTimeoutMs: e.GEMINI_IDLE_TIMEOUT_MS,
  };
}

/** The other model to try after repeated failures: fast <-> strong where the plan allows, else lite. */
export function fallbackRole(role: ModelRole, allowed: readonly ModelRole[]): ModelRole | null {
  const order: ModelRole[] = role === "fast" ? ["strong", "lite"] : ["fast", "lite"];
  return order.find((r) => r !== role && allowed.includes(r)) ?? null;
}

const LEDGER_OUTCOME: Record<ModelResult["outcome"], CallUsage["outcome"]> = {
  ok: "ok",
  partial: "error",
  blocked: "blocked",
  aborted: "aborted",
  error: "error",
};

function describe(
  result: ModelResult,
  maxOutputTokens: number,
  capped: boolean,
): Pick<MessageView, "status" | "statusDetail"> {
  switch (result.outcome) {
    case "ok":
      // Thinking counts against the same cap: it can use all of it before any answer.
      if (result.finishReason === "MAX_TOKENS" && !result.text)
        return {
          status: "error",
          statusDetail:
            `The model used this plan's whole output allowance of ${maxOutputTokens} tokens on thinking and wrote no answer ` +
            `(${result.usage.thinkingTokens} thinking tokens were charged). Try a shorter or more specific question.`,
        };
      if (result.finishReason === "MAX_TOKENS")
        return {
          status: "partial",
          statusDetail: capped
            ? `The answer reached the end of your remaining allowance (${maxOutputTokens} tokens).`
            : `The answer reached your plan's limit of ${maxOutputTokens} tokens.`,
        };
      return { status: "complete", statusDetail: null };
    case "blocked":
      return {
        status: "blocked",
        statusDetail: `Gemini declined this message for safety reasons (${result.blockReason}). Try rephrasing it.`,
      };
    case "aborted":
      return {
        status: "partial",
        statusDetail: result.text ? "Stopped before the answer was finished." : "Stopped before the answer began.",
      };
    case "partial":
      return {
        status: "partial",
        statusDetail: `${result.failure?.userMessage ?? "The answer broke off."} This is the part that arrived.`,
      };
    case "error":
      return { status: "error", statusDetail: result.failure?.userMessage ?? "The model call failed." };
  }
}

/**
 * `stored` is the turn's opening writes, running alongside the model call: the
 * answer's final state waits for them.
 */
export async function runTurn(
  turn: PreparedTurn,
  stored: Promise<void>,
  emit: (e: ChatEvent) => void,
  signal?: AbortSignal,
): Promise<TurnResult> {
  const policy = retryPolicy();
  const allowed = tierLimits(turn.identity.tier).models;
  let model: ModelSpec = turn.decision.model;
  let role: ModelRole = turn.decision.role;
  let reason = turn.decision.reason;
  let hold: SpendHold = turn.hold;
  const total: TurnUsage = {
    inputTokens: 0,
    cachedTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    totalTokens: 0,
    costMicros: 0,
    estimated: false,
  };
  let result: ModelResult;
  let fellBack = false;
  let restarts = 0;
  // The last call's usage is settled together with the stored answer, in one statement.
  let unsettled: Unsettled | null = null;
  // The answer's lease is renewed while the model streams, with the text so far and
  // the hold in flight, which settle the call if this server dies (see dead-turns.ts).
  let shown = "";
  const stopLease = keepAlive(turn.messageId, () => ({ text: shown, holdId: hold.id }));
  try {
    for (;;) {
      // A call is priced at its own start, with the price valid then.
      const startedAt = new Date();
      result = await streamModel(
        model,
        {
          contents: turn.contents,
          systemInstruction: turn.systemInstruction,
          maxOutputTokens: turn.maxOutputTokens,
          thinking: thinkingConfig(model, turn.thinking[role], true),
          estimatedInputTokens: turn.estimatedInputTokens,
          signal,
          onDelta: (text) => {
            shown += text;
            emit({ type: "delta", text });
          },
          onThought: (text) => emit({ type: "thinking", text }),
        },
        policy,
      );
      const { costMicros: cost, price } = pricedCost(model, result.usage, startedAt);
      for (const k of ["inputTokens", "cachedTokens", "outputTokens", "thinkingTokens", "totalTokens"] as const)
        total[k] += result.usage[k];
      total.costMicros += cost;
      total.estimated ||= result.usage.estimated;
      unsettled = {
        hold,
        usage: {
          model: model.id,
          ...result.usage,
          costMicros: cost,
          price,
          latencyMs: result.latencyMs,
          outcome: LEDGER_OUTCOME[result.outcome],
          conversationId: turn.conversationId,
          messageId: turn.messageId,
          purpose: "chat",
          attempts: result.attempts,
          upstreamStatus: result.failure?.status ?? null,
        },
      };

      // A stream cut after text is answered again by the same model (the client is told
      // to drop the partial text); failures before any text fall back to the other model.
      const restart =
        result.outcome === "partial" &&
        result.failure?.kind === "retryable" &&
        restarts < MAX_RESTARTS &&
        !signal?.aborted;
      const next = restart
        ? role
        : result.outcome === "error" && result.failure?.kind === "retryable" && !fellBack
          ? fallbackRole(role, allowed)
          : null;
      if (!next) break;
      // This call is settled (the partial one too: it was served) before the next one asks for its hold.
      await settleDurably(unsettled, turn.log);
      unsettled = null;
      const nextModel = modelCatalog()[next];
      try {
        hold = await holdForNext({
          identity: turn.identity,
          ip: turn.ip,
          conversationId: turn.conversationId,
          model: nextModel.id,
          estimatedInputTokens: turn.estimatedInputTokens,
          maxOutputTokens: turn.maxOutputTokens,
          worstCaseCostMicros: worstCaseCostMicros(nextModel, turn.estimatedInputTokens, turn.maxOutputTokens),
          countsAsRequest: false,
        });
      } catch (err) {
        // The fallback is not allowed (budget or rate limit), or the database stayed
        // away: report the original failure, stored like any answer.
        if (err instanceof AppError) turn.log.info({ code: err.code }, "fallback model refused by the spend guard");
        else if (isDatabaseUnavailable(err)) turn.log.warn("no hold for the next call: the database is unavailable");
        else throw err;
        break;
      }
      if (restart) {
        restarts += 1;
        shown = "";
        emit({ type: "restart", reason: "The connection to Gemini broke mid-answer; answering again." });
        continue;
      }
      fellBack = true;
      reason = `${reason}; ${model.label} model kept failing (${result.failure?.status ?? "no response"}), answered by ${nextModel.label}`;
      model = nextModel;
      role = next;
      emit({ type: "model", model: model.id, routingReason: reason });
    }

    const { status, statusDetail } = describe(result, turn.maxOutputTokens, turn.outputCapped);
    const answer: AnswerFields = {
      content: result.text,
      thinking: result.thoughts || null,
      status,
      statusDetail,
      model: model.id,
      routingReason: reason,
      usage: total,
    };
    try {
      // The answer row must exist before it is updated; if it could not be stored, this throws.
      await stored;
    } catch (err) {
      if (unsettled) await settleDurably(unsettled, turn.log);
      throw err;
    }
    const message = await storeOutcome(turn.messageId, unsettled, answer, turn.log);
    if (result.failure && (result.outcome === "error" || result.outcome === "partial"))
      turn.log.warn(
        { model: model.id, failure: result.failure.detail, attempts: result.attempts },
        "model call failed",
      );
    emit({ type: "done", status, statusDetail, usage: total, message });
    return { message, usage: total };
  } finally {
    stopLease();
  }
}
