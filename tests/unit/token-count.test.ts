// lib/ai/token-count.ts: the app's counter runs in a worker thread; its counts
// must equal the in-thread counter's (which the emulator bills with), and a
// worker that dies must fail only the counts in flight, not the next ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countPromptTokens,
  countText,
  countTexts,
  runningWorker,
  startTokenCounter,
  stopTokenCounter,
} from "@/lib/ai/token-count";
import { countContentsTokens, countTextTokens, MEDIA_PART_TOKENS, preloadTokenizer } from "@/lib/ai/tokenizer";

const TEXTS = [
  "Hello world",
  "",
  "  leading spaces and trailing   ",
  "日本語のテキスト と emoji 🎉🎉 mixed in",
  "```ts\nexport const add = (a: number, b: number): number => a + b;\n```\n",
  "word ".repeat(2_000), // longer than the whole-text memo keeps
  "\n\n\n",
];

beforeAll(async () => {
  preloadTokenizer();
  await startTokenCounter();
}, 60_000);

afterAll(() => stopTokenCounter());

describe("countTexts (worker)", () => {
  it("counts each text as the in-thread tokenizer does, in order", async () => {
    const expected = TEXTS.map(countTextTokens);
    expect(expected.filter((n) => n > 0).length).toBe(TEXTS.length - 1);
    expect(await countTexts(TEXTS)).toEqual(expected);
    // Again: short texts now come from this thread's memo, long ones from the worker.
    expect(await countTexts([...TEXTS].reverse())).toEqual([...expected].reverse());
    expect(await countText("a brand new sentence, never counted before")).toBe(
      countTextTokens("a brand new sentence, never counted before"),
    );
  });

  it("counts a prompt with structured and media parts like countContentsTokens", async () => {
    const contents = [
      { role: "user", parts: [{ text: "What is in this picture?" }, { inlineData: { mimeType: "image/png" } }] },
      { role: "model", parts: [{ functionCall: { name: "lookup", args: { q: "cats" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "lookup", response: { n: 3 } } }] },
    ];
    const system = "You are terse.";
    const n = await countPromptTokens(contents, system);
    expect(n).toBe(countContentsTokens(contents, system));
    expect(n).toBeGreaterThan(MEDIA_PART_TOKENS);
    expect(await countPromptTokens("just a string")).toBe(countTextTokens("just a string"));
  });

  it("fails the counts in flight when the worker dies, then starts a new one", async () => {
    const worker = runningWorker();
    expect(worker).not.toBeNull();
    // Thousands of unseen words keep the worker busy well past terminate().
    const slow = Array.from({ length: 20_000 }, (_, i) => `w${i}x${Math.random()}`).join(" ");
    const inFlight = countTexts([slow]);
    await worker!.terminate();
    await expect(inFlight).rejects.toThrow(/token counter worker stopped/);
    expect(await countText("Hello world")).toBe(countTextTokens("Hello world"));
    expect(await countText(`another unseen text ${Math.random()}`)).toBeGreaterThan(0);
    expect(runningWorker()).not.toBe(worker);
  }, 60_000);
});
