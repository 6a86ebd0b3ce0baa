// A stream that breaks before usageMetadata arrives is charged an estimate, never
// zero: its output counted by the token counter, or at ~4 characters a token
// when the counter itself is down (so usage is still recorded).
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { modelCatalog } from "@/lib/ai/models";
import { thinkingConfig } from "@/lib/ai/thinking";
import { streamModel, type RetryPolicy } from "@/lib/ai/stream-model";
import { appTokenizer, countTextTokens, createTokenizer } from "@/lib/ai/tokenizer";
import { withGeminiEmulator } from "../helpers/gemini";

const emulator = withGeminiEmulator();

const policy: RetryPolicy = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, idleTimeoutMs: 10_000 };
const cutStream = (message: string) =>
  streamModel(
    modelCatalog().fast,
    {
      contents: [{ role: "user", parts: [{ text: message }] }],
      maxOutputTokens: 1_000,
      // As the chat sends it: without a level, 3.8 Flash thinks "high" and uses all 1,000 tokens.
      thinking: thinkingConfig(modelCatalog().fast, "low", false),
      estimatedInputTokens: 42,
    },
    policy,
  );

describe("usage of a broken stream", () => {
  it("is the token counter's count of what arrived", async () => {
    emulator().setFaults({ cutStreamAfterChunks: 2 });
    const r = await cutStream("Tell me about rivers");
    expect(r.outcome).toBe("partial");
    expect(r.text.length).toBeGreaterThan(0);
    const outputTokens = countTextTokens(r.text);
    expect(r.usage).toEqual({
      inputTokens: 42,
      cachedTokens: 0,
      outputTokens,
      thinkingTokens: 0,
      totalTokens: 42 + outputTokens,
      estimated: true,
    });
  });

  it("falls back to ~4 characters a token when the token counter cannot run", async () => {
    const reference = createTokenizer();
    reference.preload();
    appTokenizer.unload();
    // The next count loads the vocabulary from a folder without it, so it fails.
    const cwd = vi.spyOn(process, "cwd").mockReturnValue(path.join(os.tmpdir(), "no-app-here"));
    try {
      emulator().setFaults({ cutStreamAfterChunks: 2 });
      const r = await cutStream("Tell me about mountains");
      expect(r.outcome).toBe("partial");
      expect(r.text.length).toBeGreaterThan(0);
      const outputTokens = Math.ceil(r.text.length / 4);
      expect(outputTokens).not.toBe(reference.countText(r.text));
      expect(r.usage).toMatchObject({ inputTokens: 42, outputTokens, totalTokens: 42 + outputTokens, estimated: true });
    } finally {
      cwd.mockRestore();
      appTokenizer.unload();
    }
  });
});
