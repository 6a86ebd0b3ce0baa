// One model call that answers at once (no stream): a conversation summary, a
// title. Beside stream-model.ts, so nothing outside lib/ai touches the SDK.
// Never throws for the model's sake: a failure comes back as the outcome, with
// the usage to charge (0 when refused before any output, the estimate when it
// may have been billed).
import type { ThinkingLevelName } from "./catalog";
import { callSignal } from "./call-signal";
import type { TokenUsage } from "./cost";
import { geminiClient } from "./gemini-client";
import { classifyFailure } from "./gemini-errors";
import type { ModelSpec } from "./models";
import { thinkingConfig } from "./thinking";
import { usageFrom } from "./usage";

export interface GenerateRequest {
  model: ModelSpec;
  contents: string;
  systemInstruction: string;
  maxOutputTokens: number;
  thinking: ThinkingLevelName;
  /** What the prompt was estimated at: the usage charged if the API reports none. */
  estimatedInputTokens: number;
  /** A model quiet this long has failed. */
  idleTimeoutMs: number;
}

export interface GenerateResult {
  /** The answer, trimmed; null when the call failed or answered nothing. */
  text: string | null;
  usage: TokenUsage;
  /** Whether `usage` is our estimate rather than the API's count. */
  estimated: boolean;
  /** The HTTP status the API refused with, null if it did not. */
  upstreamStatus: number | null;
  /** Why the call failed, null if it answered. */
  failure: unknown;
  startedAt: Date;
  latencyMs: number;
}

export async function generateText(req: GenerateRequest): Promise<GenerateResult> {
  const started = performance.now();
  const startedAt = new Date();
  const abort = callSignal(undefined, req.idleTimeoutMs);
  abort.arm();
  const done = (r: Omit<GenerateResult, "startedAt" | "latencyMs">): GenerateResult => ({
    ...r,
    startedAt,
    latencyMs: Math.round(performance.now() - started),
  });
  try {
    const res = await geminiClient().models.generateContent({
      model: req.model.id,
      contents: req.contents,
      config: {
        systemInstruction: req.systemInstruction,
        maxOutputTokens: req.maxOutputTokens,
        thinkingConfig: thinkingConfig(req.model, req.thinking, false),
        abortSignal: abort.signal,
      },
    });
    const counted = usageFrom(res);
    return done({
      text: res.text?.trim() || null,
      usage: counted ?? estimate(req),
      estimated: counted === null,
      upstreamStatus: null,
      failure: null,
    });
  } catch (err) {
    // The timeout, rather than the SDK's AbortError it surfaces as.
    const failure = abort.timedOut() ?? err;
    // Refused with an HTTP error before any output: unbilled, so charged 0 as a chat call is.
    // A timeout or a broken connection may have been billed: its estimate stays.
    const upstreamStatus = classifyFailure(failure).status;
    const refused = upstreamStatus !== null;
    return done({
      text: null,
      usage: refused ? { inputTokens: 0, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 } : estimate(req),
      estimated: !refused,
      upstreamStatus,
      failure,
    });
  } finally {
    abort.dispose();
  }
}

function estimate(req: GenerateRequest): TokenUsage {
  return { inputTokens: req.estimatedInputTokens, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 };
}
