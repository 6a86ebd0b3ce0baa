// Streaming through the real SDK: SSE framing, chunking, usage on every chunk
// with running totals (as the js-genai recordings of gemini-2.5-flash show),
// thinking inside maxOutputTokens, timing faults, and the ways a stream can break.
import {
  ApiError,
  BlockedReason,
  FinishReason,
  type GenerateContentResponse,
  GoogleGenAI,
  ThinkingLevel,
} from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countTextTokens } from "@/lib/ai/tokenizer";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";

let emulator: GeminiEmulator;
let ai: GoogleGenAI;
const model = "gemini-3.8-flash";
const contents = "Explain how database indexes speed up queries. Mention B-trees and write amplification.";

beforeAll(async () => {
  emulator = await startGeminiEmulator();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function collect(request: Parameters<GoogleGenAI["models"]["generateContentStream"]>[0]) {
  const chunks: GenerateContentResponse[] = [];
  const times: number[] = [];
  const started = performance.now();
  let error: unknown;
  try {
    for await (const chunk of await ai.models.generateContentStream(request)) {
      chunks.push(chunk);
      times.push(performance.now() - started);
    }
  } catch (err) {
    error = err;
  }
  // Read parts directly: the SDK's `.text` getter warns on function-call chunks.
  const text = chunks
    .flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])
    .map((part) => part.text ?? "")
    .join("");
  return { chunks, times, error, text };
}

describe("generateContentStream", () => {
  it("streams text deltas with cumulative usage on every chunk and finishReason on the last", async () => {
    const { chunks, text, error } = await collect({
      model,
      contents,
      config: { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } },
    });
    expect(error).toBeUndefined();
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    expect(chunks.length).toBeLessThanOrEqual(12);
    const last = chunks[chunks.length - 1];
    let previous = 0;
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.candidates?.[0].finishReason).toBeUndefined();
      expect(chunk.candidates?.[0].content?.parts?.[0].text?.length).toBeGreaterThan(0);
      // Running totals: the prompt and thoughts whole from the first chunk, the answer growing.
      const u = chunk.usageMetadata!;
      expect(u.promptTokenCount).toBe(last.usageMetadata?.promptTokenCount);
      expect(u.thoughtsTokenCount).toBe(128);
      expect(u.candidatesTokenCount!).toBeGreaterThan(previous);
      expect(u.totalTokenCount).toBe(u.promptTokenCount! + u.candidatesTokenCount! + u.thoughtsTokenCount!);
      previous = u.candidatesTokenCount!;
    }
    expect(last.candidates?.[0].finishReason).toBe(FinishReason.STOP);
    // One token per message on top of the text, as the Gemini API reports it.
    expect(last.usageMetadata?.promptTokenCount).toBe(countTextTokens(contents) + 1);
    expect(last.usageMetadata?.candidatesTokenCount).toBe(countTextTokens(text));
    // Adding the chunks up would over-count: the last chunk alone is the call's usage.
    const summed = chunks.reduce((n, c) => n + (c.usageMetadata?.candidatesTokenCount ?? 0), 0);
    expect(summed).toBeGreaterThan(last.usageMetadata!.candidatesTokenCount!);
    expect(new Set(chunks.map((chunk) => chunk.responseId)).size).toBe(1);
  });

  it("counts the role token of every message and of the system instruction in the prompt", async () => {
    const history = [
      { role: "user", parts: [{ text: "a=5" }] },
      { role: "model", parts: [{ text: "Noted." }] },
      { role: "user", parts: [{ text: "what is a+10?" }] },
    ];
    const system = "Answer tersely.";
    const r = await ai.models.generateContent({ model, contents: history, config: { systemInstruction: system } });
    const text = countTextTokens("a=5") + countTextTokens("Noted.") + countTextTokens("what is a+10?");
    expect(r.usageMetadata?.promptTokenCount).toBe(text + countTextTokens(system) + 4);
  });

  it("streams exactly the text generateContent returns", async () => {
    const unary = await ai.models.generateContent({ model, contents });
    const { text, chunks } = await collect({ model, contents });
    expect(text).toBe(unary.text);
    expect(chunks[chunks.length - 1].usageMetadata).toEqual(unary.usageMetadata);
  });

  it("frames events as `data: {json}` followed by CRLF CRLF", async () => {
    const res = await fetch(`${emulator.url}/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
      method: "POST",
      headers: { "x-goog-api-key": "k", "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const body = await res.text();
    const events = body.split("\r\n\r\n");
    expect(events.pop()).toBe("");
    for (const event of events) {
      expect(event).toMatch(/^data: \{.*\}$/);
      expect(() => JSON.parse(event.slice("data: ".length))).not.toThrow();
    }
  });

  it("counts thinking inside maxOutputTokens: the answer gets what thinking leaves", async () => {
    const config = { maxOutputTokens: 148, thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } };
    const { chunks, text } = await collect({ model, contents, config });
    const last = chunks[chunks.length - 1];
    expect(last.candidates?.[0].finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(last.usageMetadata?.thoughtsTokenCount).toBe(128);
    expect(last.usageMetadata?.candidatesTokenCount).toBe(20);
    expect(countTextTokens(text)).toBe(20);
  });

  it("ends MAX_TOKENS with no text when thinking uses the whole cap (no thinking level sent)", async () => {
    // gemini-3.8-flash thinks at "high" by default: 20 tokens are all spent thinking.
    const { chunks, text, error } = await collect({ model, contents, config: { maxOutputTokens: 20 } });
    expect(error).toBeUndefined();
    expect(text).toBe("");
    const last = chunks[chunks.length - 1];
    expect(last.candidates?.[0].finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(last.candidates?.[0].content?.parts).toBeUndefined();
    expect(last.usageMetadata?.thoughtsTokenCount).toBe(20);
    expect(last.usageMetadata?.candidatesTokenCount).toBeUndefined();
  });

  it("streams thought summaries first, marked thought: true, when includeThoughts is set", async () => {
    const config = { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW, includeThoughts: true } };
    const { chunks } = await collect({ model, contents, config });
    const first = chunks[0].candidates?.[0].content?.parts?.[0];
    expect(first?.thought).toBe(true);
    expect(first?.text).toContain("**");
    expect(chunks.slice(1).every((c) => c.candidates?.[0].content?.parts?.every((p) => !p.thought))).toBe(true);
    // The summary is not billed on top: thoughtsTokenCount is the level's thinking.
    expect(chunks.at(-1)?.usageMetadata?.thoughtsTokenCount).toBe(128);
  });

  it("sends a function call whole in one chunk", async () => {
    const tools = [{ functionDeclarations: [{ name: "search_docs", description: "Search" }] }];
    const { chunks } = await collect({ model, contents: "please search_docs for billing", config: { tools } });
    expect(chunks).toHaveLength(1);
    expect(chunks[0].functionCalls).toEqual([{ name: "search_docs", args: {} }]);
    expect(chunks[0].usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
  });

  it("thinks at each model's default level when none is sent", async () => {
    const argon = await collect({ model: "gemini-4-argon", contents });
    expect(argon.chunks.at(-1)?.usageMetadata?.thoughtsTokenCount).toBe(512);
    const lite = await collect({ model: "gemini-3.5-flash-lite", contents });
    expect(lite.chunks.at(-1)?.usageMetadata?.thoughtsTokenCount).toBeUndefined();
  });
});

describe("stream faults", () => {
  it("delays the first chunk by latencyMs and spaces chunks by chunkIntervalMs", async () => {
    emulator.setFaults({ latencyMs: 300, chunkIntervalMs: 40 });
    const { times, chunks } = await collect({ model, contents });
    expect(times[0]).toBeGreaterThanOrEqual(280);
    expect(times[0]).toBeLessThan(1_500);
    const spread = times[times.length - 1] - times[0];
    expect(spread).toBeGreaterThanOrEqual((chunks.length - 1) * 40 - 20);
  });

  it("answers fast without faults", async () => {
    const { times } = await collect({ model, contents });
    expect(times[times.length - 1]).toBeLessThan(1_000);
  });

  it("cuts the stream: the SDK throws after the chunks it got, none with the final usage", async () => {
    emulator.setFaults({ cutStreamAfterChunks: 2 });
    const { chunks, error } = await collect({ model, contents });
    expect(chunks).toHaveLength(2);
    expect(chunks.every((chunk) => chunk.candidates?.[0].finishReason === undefined)).toBe(true);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(emulator.requests().at(-1)?.outcome).toBe("cut-after-2");
  });

  it("cuts before the first chunk: the call itself fails", async () => {
    emulator.setFaults({ cutStreamAfterChunks: 0 });
    const { chunks, error } = await collect({ model, contents });
    expect(chunks).toHaveLength(0);
    expect((error as Error).message).toBe("fetch failed");
  });

  it("turns an in-stream error event into an ApiError mid-iteration", async () => {
    emulator.setFaults({ streamErrorAfterChunks: { chunks: 3, status: 503 } });
    const { chunks, error } = await collect({ model, contents });
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
  });

  it("blocks a prompt with the [[block]] marker: promptFeedback, no candidates", async () => {
    const { chunks, error } = await collect({ model, contents: "tell me something [[block]]" });
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
    expect(chunks[0].promptFeedback?.blockReason).toBe(BlockedReason.SAFETY);
    expect(chunks[0].candidates).toBeUndefined();
    expect(chunks[0].usageMetadata?.promptTokenCount).toBeGreaterThan(0);
  });

  it("returns HTTP errors before streaming starts as an ApiError from the call", async () => {
    emulator.setFaults({ errors: [{ status: 500, times: 1 }] });
    const err = await ai.models.generateContentStream({ model, contents }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(500);
    const { error, chunks } = await collect({ model, contents });
    expect(error).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(1);
  });
});
