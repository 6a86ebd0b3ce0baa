// The model calls of a prepared turn, each one metered (hold, call, settle):
// streams deltas to the caller, answers again when a stream is cut after text,
// falls back to the other model when one keeps failing before any text, and
// settles the last call together with the stored answer.
import { MAX_SEARCHES_PER_CALL } from "@/lib/ai/catalog";
import { pricedCost, worstCaseCostMicros } from "@/lib/ai/cost";
import { modelCatalog, type ModelRole, type ModelSpec } from "@/lib/ai/models";
import { streamModel, type ModelResult, type RetryPolicy } from "@/lib/ai/stream-model";
import { thinkingConfig } from "@/lib/ai/thinking";
import { tierLimits } from "@/lib/budget/tiers";
import { env } from "@/lib/config/env";
import { meteredCall } from "@/lib/budget/metered-call";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { AppError } from "@/lib/http/app-error";
import { describe, LEDGER_OUTCOME } from "./answer-status";
import type { MessageView } from "./conversations";
import type { ChatEvent, TurnUsage } from "./events";
import type { PreparedTurn } from "./prepare-turn";
import { holdForNext, settleDurably, storeOutcome, type Unsettled } from "./final-write";
import type { CallUsage, SpendHold } from "./spend-guard";
import type { AnswerFields } from "./statements";
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

/** The model answering, and what the turn has tried so far. */
interface Attempt {
  model: ModelSpec;
  role: ModelRole;
  reason: string;
  fellBack: boolean;
  restarts: number;
}

/**
 * The call after this one, if any: a stream cut after text is answered again by
 * the same model (the client is told to drop the partial text); a failure before
 * any text falls back to the other model, once.
 */
export function nextCall(
  result: ModelResult,
  at: Attempt,
  allowed: readonly ModelRole[],
  signal?: AbortSignal,
): { role: ModelRole; restart: boolean } | null {
  const retryable = result.failure?.kind === "retryable";
  if (result.outcome === "partial" && retryable && at.restarts < MAX_RESTARTS && !signal?.aborted)
    return { role: at.role, restart: true };
  if (result.outcome !== "error" || !retryable || at.fellBack) return null;
  const role = fallbackRole(at.role, allowed);
  return role ? { role, restart: false } : null;
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
  const at: Attempt = { ...turn.decision, fellBack: false, restarts: 0 };
  const total: TurnUsage = { ...ZERO_USAGE };
  let hold: SpendHold = turn.hold;
  // The answer's lease is renewed while the model streams, with the text so far and
  // the hold in flight, which settle the call if this server dies (see dead-turns.ts).
  let shown = "";
  const stopLease = keepAlive(turn.messageId, () => ({ text: shown, holdId: hold.id }));
  const finish = (result: ModelResult, last: Unsettled | null) =>
    finishTurn(turn, stored, emit, { ...at, result, total, last });
  try {
    for (;;) {
      // A call is priced at its own start, with the price valid then.
      const startedAt = new Date();
      const { result, settled } = await meteredCall({
        hold,
        call: () =>
          streamModel(
            at.model,
            {
              contents: turn.contents,
              systemInstruction: turn.systemInstruction,
              maxOutputTokens: turn.maxOutputTokens,
              thinking: thinkingConfig(at.model, turn.thinking[at.role], true),
              estimatedInputTokens: turn.estimatedInputTokens,
              search: turn.search,
              signal,
              onDelta: (text) => {
                shown += text;
                emit({ type: "delta", text });
              },
              onThought: (text) => emit({ type: "thinking", text }),
            },
            policy,
          ),
        settle: async (hold, result) => {
          const usage = callUsage(turn, at.model, result, startedAt);
          addUsage(total, usage);
          const next = result ? nextCall(result, at, allowed, signal) : null;
          // The last call is settled with the stored answer; any other (the partial one
          // too: it was served) is settled before the next one asks for its hold.
          if (result && !next) return { next, done: await finish(result, { hold, usage }) };
          await settleDurably({ hold, usage }, turn.log);
          return { next, done: null };
        },
      });
      if (settled.done) return settled.done;
      const { role, restart } = settled.next!;
      const nextModel = modelCatalog()[role];
      try {
        hold = await holdForNext({
          identity: turn.identity,
          ip: turn.ip,
          conversationId: turn.conversationId,
          model: nextModel.id,
          estimatedInputTokens: turn.estimatedInputTokens,
          maxOutputTokens: turn.maxOutputTokens,
          worstCaseCostMicros: worstCaseCostMicros(
            nextModel,
            turn.estimatedInputTokens,
            turn.maxOutputTokens,
            new Date(),
            turn.search ? MAX_SEARCHES_PER_CALL : 0,
          ),
          countsAsRequest: false,
        });
      } catch (err) {
        // The next call is not allowed (budget or rate limit), or the database stayed
        // away: report this call's result, stored like any answer.
        if (err instanceof AppError) turn.log.info({ code: err.code }, "fallback model refused by the spend guard");
        else if (isDatabaseUnavailable(err)) turn.log.warn("no hold for the next call: the database is unavailable");
        else throw err;
        return await finish(result, null);
      }
      if (restart) {
        at.restarts += 1;
        shown = "";
        emit({ type: "restart", reason: "The connection to Gemini broke mid-answer; answering again." });
        continue;
      }
      at.fellBack = true;
      at.reason = `${at.reason}; ${at.model.label} model kept failing (${result.failure?.status ?? "no response"}), answered by ${nextModel.label}`;
      at.model = nextModel;
      at.role = role;
      emit({ type: "model", model: at.model.id, routingReason: at.reason });
    }
  } finally {
    stopLease();
  }
}

const ZERO_USAGE: TurnUsage = {
  inputTokens: 0,
  cachedTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
  totalTokens: 0,
  costMicros: 0,
  estimated: false,
  searchQueries: 0,
};

function addUsage(total: TurnUsage, call: CallUsage): void {
  for (const k of [
    "inputTokens",
    "cachedTokens",
    "outputTokens",
    "thinkingTokens",
    "totalTokens",
    "costMicros",
    "searchQueries",
  ] as const)
    total[k] = (total[k] ?? 0) + (call[k] ?? 0);
  total.estimated ||= call.estimated;
}

/** The ledger's record of one call of the turn; the prompt's estimate when the call threw. */
function callUsage(turn: PreparedTurn, model: ModelSpec, result: ModelResult | undefined, startedAt: Date): CallUsage {
  const tokens = result?.usage ?? {
    inputTokens: turn.estimatedInputTokens,
    cachedTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    totalTokens: turn.estimatedInputTokens,
    estimated: true,
    // It may have searched as far as its hold allowed.
    ...(turn.search ? { searchQueries: MAX_SEARCHES_PER_CALL } : {}),
  };
  const { costMicros, price } = pricedCost(model, tokens, startedAt);
  return {
    model: model.id,
    ...tokens,
    costMicros,
    price,
    latencyMs: result?.latencyMs ?? 0,
    outcome: result ? LEDGER_OUTCOME[result.outcome] : "error",
    conversationId: turn.conversationId,
    messageId: turn.messageId,
    purpose: "chat",
    attempts: result?.attempts ?? 1,
    upstreamStatus: result?.failure?.status ?? null,
  };
}

/** The answer's final state, stored with the last call's settlement (`last`, null if settled already). */
async function finishTurn(
  turn: PreparedTurn,
  stored: Promise<void>,
  emit: (e: ChatEvent) => void,
  end: Attempt & { result: ModelResult; total: TurnUsage; last: Unsettled | null },
): Promise<TurnResult> {
  const { result, total, last } = end;
  const { status, statusDetail } = describe(result, turn.maxOutputTokens, turn.outputCapped);
  const answer: AnswerFields = {
    content: result.text,
    thinking: result.thoughts || null,
    grounding: result.grounding,
    status,
    statusDetail,
    model: end.model.id,
    routingReason: end.reason,
    usage: total,
  };
  try {
    // The answer row must exist before it is updated; if it could not be stored, this throws.
    await stored;
  } catch (err) {
    if (last) await settleDurably(last, turn.log);
    throw err;
  }
  const message = await storeOutcome(turn.messageId, last, answer, turn.log);
  if (result.failure && (result.outcome === "error" || result.outcome === "partial"))
    turn.log.warn(
      { model: end.model.id, failure: result.failure.detail, attempts: result.attempts },
      "model call failed",
    );
  emit({ type: "done", status, statusDetail, usage: total, message });
  return { message, usage: total };
}
