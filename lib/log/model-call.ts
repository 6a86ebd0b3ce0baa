// One structured log line per model call, the source of the log-based metrics in
// terraform/monitoring.tf (calls by model and outcome, tokens by kind, cost,
// upstream 429/5xx). It carries counts and ids only, never message text.
import type { CallUsage } from "@/lib/budget/guard";
import { logger } from "./logger";

export const MODEL_CALL_EVENT = "model_call";

export interface ModelCallLine {
  event: typeof MODEL_CALL_EVENT;
  model: string;
  purpose: CallUsage["purpose"];
  outcome: CallUsage["outcome"];
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  costMicros: number;
  estimated: boolean;
  latencyMs: number;
  attempts: number;
  /** The last HTTP status Gemini answered with an error (429, 503, ...), null if none. */
  upstreamStatus: number | null;
}

const int = (n: number) => Math.max(0, Math.round(n));

export function modelCallLine(usage: CallUsage): ModelCallLine {
  return {
    event: MODEL_CALL_EVENT,
    model: usage.model,
    purpose: usage.purpose,
    outcome: usage.outcome,
    inputTokens: int(usage.inputTokens),
    cachedTokens: int(usage.cachedTokens),
    outputTokens: int(usage.outputTokens),
    thinkingTokens: int(usage.thinkingTokens),
    costMicros: int(usage.costMicros),
    estimated: usage.estimated,
    latencyMs: int(usage.latencyMs),
    attempts: usage.attempts ?? 1,
    upstreamStatus: usage.upstreamStatus ?? null,
  };
}

export function logModelCall(usage: CallUsage, log = logger): void {
  log.info(modelCallLine(usage), MODEL_CALL_EVENT);
}
