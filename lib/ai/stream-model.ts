// One model, one answer: streams text deltas (and thought summaries, apart),
// retries 429/5xx/timeouts with backoff that honours RetryInfo (capped) as long
// as nothing reached the user, and always returns usage - from usageMetadata, or
// a local estimate if the stream broke or was stopped before it arrived.
// usageMetadata comes on every chunk with running totals, so the last one seen
// is the call's usage: chunks are never added up.
import type { Content, ThinkingConfig } from "@google/genai";
import { countText } from "./token-count";
import { geminiClient } from "./gemini-client";
import { callSignal } from "./call-signal";
import { classifyFailure, type CallFailure } from "./gemini-errors";
import type { ModelSpec } from "./models";
import { usageFrom, type ModelUsage } from "./usage";
import { MAX_SEARCHES_PER_CALL } from "./catalog";
import { groundingFrom, type Grounding } from "./grounding";

/** A turn of the conversation as the model reads it (chat builds these; only lib/ai knows the SDK). */
export type { Content, ModelUsage };

export interface ModelRequest {
  contents: Content[];
  systemInstruction?: string;
  /** Thinking included: the API counts thoughts against this cap. */
  maxOutputTokens: number;
  thinking?: ThinkingConfig;
  /** Local estimate of the prompt, used when the API never reports usage. */
  estimatedInputTokens: number;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Thought summaries (thinking.includeThoughts), streamed apart from the answer. */
  onThought?: (text: string) => void;
  /** Lets the model ground its answer with Google Search (billed per query it runs). */
  search?: boolean;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Time allowed before the first chunk, and between chunks after it. */
  idleTimeoutMs: number;
}

export type ModelOutcome = "ok" | "partial" | "blocked" | "aborted" | "error";

export interface ModelResult {
  model: ModelSpec;
  outcome: ModelOutcome;
  text: string;
  /** The thought summaries received; their tokens are in usage.thinkingTokens already. */
  thoughts: string;
  usage: ModelUsage;
  finishReason: string | null;
  blockReason: string | null;
  failure: CallFailure | null;
  attempts: number;
  latencyMs: number;
  /** The searches and sources behind the answer, when it was grounded. */
  grounding: Grounding | null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

export function backoffDelay(attempt: number, failure: CallFailure, policy: RetryPolicy): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, failure.retryDelayMs ?? exponential);
}

function zeroUsage(): ModelUsage {
  return { inputTokens: 0, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0, totalTokens: 0, estimated: false };
}

// Usage must be recorded even if the token counter is down: then ~4 characters a token.
// A call that may search and broke before its sources arrived may have run every
// search the hold allowed: it is charged for them, as the hold assumed.
async function estimate(req: ModelRequest, text: string): Promise<ModelUsage> {
  const outputTokens = await countText(text).catch(() => Math.ceil(text.length / 4));
  const inputTokens = req.estimatedInputTokens;
  return {
    inputTokens,
    cachedTokens: 0,
    outputTokens,
    thinkingTokens: 0,
    totalTokens: inputTokens + outputTokens,
    estimated: true,
    ...(req.search ? { searchQueries: MAX_SEARCHES_PER_CALL } : {}),
  };
}

/** Streams one attempt; throws on transport/API errors (the caller decides on retries). */
async function attempt(model: ModelSpec, req: ModelRequest, state: AnswerState, timeoutMs: number) {
  const abort = callSignal(req.signal, timeoutMs);
  abort.arm();
  let usage: ModelUsage | null = null;
  let finishReason: string | null = null;
  let blockReason: string | null = null;
  let grounding: Grounding | null = null;
  try {
    const stream = await geminiClient().models.generateContentStream({
      model: model.id,
      contents: req.contents,
      config: {
        systemInstruction: req.systemInstruction,
        maxOutputTokens: req.maxOutputTokens,
        ...(req.thinking ? { thinkingConfig: req.thinking } : {}),
        ...(req.search ? { tools: [{ googleSearch: {} }] } : {}),
        abortSignal: abort.signal,
      },
    });
    for await (const chunk of stream) {
      abort.arm();
      if (chunk.promptFeedback?.blockReason) blockReason = String(chunk.promptFeedback.blockReason);
      const candidate = chunk.candidates?.[0];
      if (candidate?.finishReason) finishReason = String(candidate.finishReason);
      grounding = groundingFrom(candidate?.groundingMetadata) ?? grounding;
      const parts = candidate?.content?.parts ?? [];
      const thought = parts.map((p) => (p.thought ? (p.text ?? "") : "")).join("");
      if (thought) {
        state.thoughts += thought;
        req.onThought?.(thought);
      }
      const text = parts.map((p) => (p.thought ? "" : (p.text ?? ""))).join("");
      if (text) {
        state.text += text;
        req.onDelta?.(text);
      }
      usage = usageFrom(chunk) ?? usage;
    }
  } catch (err) {
    // The timer's abort surfaces as an AbortError; report it as the timeout it is.
    throw abort.timedOut() ?? err;
  } finally {
    abort.dispose();
  }
  return { usage, finishReason, blockReason, grounding };
}

interface AnswerState {
  text: string;
  thoughts: string;
}

const BLOCKING_FINISH = new Set(["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION"]);

export async function streamModel(model: ModelSpec, req: ModelRequest, policy: RetryPolicy): Promise<ModelResult> {
  const started = performance.now();
  const state: AnswerState = { text: "", thoughts: "" };
  let failure: CallFailure | null = null;
  let attempts = 0;
  const result = (outcome: ModelOutcome, usage: ModelUsage, extra: Partial<ModelResult> = {}): ModelResult => ({
    model,
    outcome,
    text: state.text,
    thoughts: state.thoughts,
    usage,
    finishReason: null,
    blockReason: null,
    failure,
    attempts,
    latencyMs: Math.round(performance.now() - started),
    grounding: null,
    ...extra,
  });

  for (;;) {
    attempts += 1;
    try {
      const r = await attempt(model, req, state, policy.idleTimeoutMs);
      const usage = r.usage
        ? { ...r.usage, ...(r.grounding ? { searchQueries: r.grounding.queries.length } : {}) }
        : await estimate(req, state.text);
      const blocked = r.blockReason ?? (r.finishReason && BLOCKING_FINISH.has(r.finishReason) ? r.finishReason : null);
      if (blocked) return result("blocked", usage, { finishReason: r.finishReason, blockReason: blocked });
      return result("ok", usage, { finishReason: r.finishReason, grounding: r.grounding });
    } catch (err) {
      failure = classifyFailure(err, req.signal);
      if (failure.kind === "aborted") return result("aborted", await estimate(req, state.text));
      // Once text reached the user, a retry would repeat or contradict it: keep it as partial.
      if (state.text || state.thoughts) return result("partial", await estimate(req, state.text));
      if (failure.kind === "fatal" || attempts > policy.maxRetries) {
        // An HTTP error means the API refused the prompt unbilled; a broken connection may
        // have been billed, so it is recorded as an estimate rather than as free.
        return result("error", failure.status === null ? await estimate(req, "") : zeroUsage());
      }
      await sleep(backoffDelay(attempts - 1, failure, policy), req.signal);
      if (req.signal?.aborted) return result("aborted", zeroUsage());
    }
  }
}
