// A finished model call leaves nothing alive behind it. On Node 20 a signal made
// by AbortSignal.any() that gets an abort listener stays in a process-wide set
// until the listener is removed, and the SDK keeps its listener on the signal it
// is given; a call made with such a signal leaked it, and what it reached, for good.
import { describe, expect, it } from "vitest";
import { modelCatalog } from "@/lib/ai/models";
import { thinkingConfig } from "@/lib/ai/thinking";
import { streamModel, type RetryPolicy } from "@/lib/ai/stream-model";
import { withGeminiEmulator } from "../helpers/gemini";
import { liveInstances } from "../helpers/live-objects";

withGeminiEmulator();

// One retry, as a chat call has: counting live objects stops the process for
// seconds, and the emulator may close a kept-alive socket the next call picks up.
const policy: RetryPolicy = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1, idleTimeoutMs: 5_000 };
const ask = () =>
  streamModel(
    modelCatalog().fast,
    {
      contents: [{ role: "user", parts: [{ text: "Tell me about lakes" }] }],
      maxOutputTokens: 1_000,
      // As the chat sends it: without a level, 3.8 Flash thinks "high" and uses all 1,000 tokens.
      thinking: thinkingConfig(modelCatalog().fast, "low", false),
      estimatedInputTokens: 10,
      // As the chat route passes the request's signal.
      signal: new AbortController().signal,
    },
    policy,
  );

describe("a model call's memory", () => {
  it("keeps no abort signal alive once the call has finished", async () => {
    for (let i = 0; i < 20; i++) expect((await ask()).outcome).toBe("ok");
    const before = await liveInstances("AbortSignal");
    const calls = 60;
    for (let i = 0; i < calls; i++) expect((await ask()).outcome).toBe("ok");
    const after = await liveInstances("AbortSignal");
    // Each call makes several signals (the caller's, the attempt's, undici's); none may stay.
    expect(after - before).toBeLessThan(calls / 10);
    // 80 streamed calls and two heap counts: 15-22 s on a quiet 2-core machine, over 30 s
    // beside the rest of the suite; the bound is for a hang, not a speed.
  }, 120_000);
});
