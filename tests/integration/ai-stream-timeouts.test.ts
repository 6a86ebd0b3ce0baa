// The idle timer of a model call: it fires when the model goes quiet (before or
// between chunks), is re-armed by every chunk, and is never mistaken for the
// caller hanging up.
import { describe, expect, it } from "vitest";
import { modelCatalog } from "@/lib/ai/models";
import { thinkingConfig } from "@/lib/ai/thinking";
import { streamModel, type RetryPolicy } from "@/lib/ai/stream-model";
import { withGeminiEmulator } from "../helpers/gemini";

const emulator = withGeminiEmulator();

const IDLE_MS = 300;
const policy: RetryPolicy = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, idleTimeoutMs: IDLE_MS };
const ask = (signal?: AbortSignal) =>
  streamModel(
    modelCatalog().fast,
    {
      contents: [{ role: "user", parts: [{ text: "Tell me about lakes" }] }],
      maxOutputTokens: 1_000,
      // As the chat sends it: without a level, 3.8 Flash thinks "high" and uses all 1,000 tokens.
      thinking: thinkingConfig(modelCatalog().fast, "low", false),
      estimatedInputTokens: 10,
      signal,
    },
    policy,
  );

describe("a model call's idle timer", () => {
  it("gives up on a model that does not start answering", async () => {
    emulator().setFaults({ latencyMs: 3_000 });
    const t0 = performance.now();
    const r = await ask();
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(r.outcome).toBe("error");
    expect(r.failure?.kind).toBe("retryable");
    expect(r.failure?.userMessage).toBe("The model took too long to answer.");
  });

  it("keeps what arrived when the model goes quiet mid-answer", async () => {
    emulator().setFaults({ chunkIntervalMs: 3_000 });
    const r = await ask();
    expect(r.outcome).toBe("partial");
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.failure?.userMessage).toBe("The model took too long to answer.");
    expect(r.usage.estimated).toBe(true);
  });

  it("is re-armed by every chunk, so a long answer with short gaps completes", async () => {
    // Six or so chunks 200 ms apart: over a second in all, each gap under the 300 ms limit.
    emulator().setFaults({ chunkIntervalMs: 200 });
    const t0 = performance.now();
    const r = await ask();
    expect(performance.now() - t0).toBeGreaterThan(3 * IDLE_MS);
    expect(r.outcome).toBe("ok");
    expect(r.failure).toBeNull();
  });

  it("reports the caller hanging up as an abort, not a timeout", async () => {
    emulator().setFaults({ chunkIntervalMs: 100 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 150);
    const r = await ask(stop.signal);
    expect(r.outcome).toBe("aborted");
    expect(r.text.length).toBeGreaterThan(0);
  });

  it("does not start a call the caller already gave up on", async () => {
    const r = await ask(AbortSignal.abort());
    expect(r.outcome).toBe("aborted");
    expect(r.text).toBe("");
  });
});
