import { describe, expect, it } from "vitest";
import type { ModelResult } from "@/lib/ai/stream-model";
import type { ModelSpec } from "@/lib/ai/models";
import { MAX_RESTARTS, nextCall } from "@/lib/chat/run-turn";

const model = { id: "gemini-fast", label: "Fast" } as ModelSpec;
const failed = (outcome: ModelResult["outcome"], kind: "retryable" | "fatal" | null): ModelResult => ({
  model,
  outcome,
  text: outcome === "partial" ? "Half an ans" : "",
  thoughts: "",
  usage: { inputTokens: 10, cachedTokens: 0, outputTokens: 3, thinkingTokens: 0, totalTokens: 13, estimated: false },
  finishReason: null,
  blockReason: null,
  failure: kind ? { kind, status: 503, retryDelayMs: null, userMessage: "Gemini is busy.", detail: "503" } : null,
  attempts: 1,
  latencyMs: 5,
  grounding: null,
});
const first = { model, role: "fast" as const, reason: "short question", fellBack: false, restarts: 0 };
const all = ["fast", "strong", "lite"] as const;

describe("the call after a turn's model call", () => {
  it("answers again with the same model when a stream is cut after text, up to MAX_RESTARTS times", () => {
    expect(nextCall(failed("partial", "retryable"), first, all)).toEqual({ role: "fast", restart: true });
    expect(nextCall(failed("partial", "retryable"), { ...first, restarts: MAX_RESTARTS }, all)).toBeNull();
  });

  it("does not answer again once the user stopped the answer", () => {
    const stopped = AbortSignal.abort();
    expect(nextCall(failed("partial", "retryable"), first, all, stopped)).toBeNull();
  });

  it("falls back once to another model the plan allows when one keeps failing before any text", () => {
    expect(nextCall(failed("error", "retryable"), first, all)).toEqual({ role: "strong", restart: false });
    expect(nextCall(failed("error", "retryable"), first, ["fast", "lite"])).toEqual({ role: "lite", restart: false });
    expect(nextCall(failed("error", "retryable"), { ...first, fellBack: true }, all)).toBeNull();
    expect(nextCall(failed("error", "retryable"), first, ["fast"])).toBeNull();
  });

  it("keeps an answer, a refusal and a failure that retrying cannot mend", () => {
    expect(nextCall(failed("ok", null), first, all)).toBeNull();
    expect(nextCall(failed("blocked", null), first, all)).toBeNull();
    expect(nextCall(failed("error", "fatal"), first, all)).toBeNull();
  });
});
