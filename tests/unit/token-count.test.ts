// lib/ai/token-count.ts: the app's counter is lib/ai/tokenizer.ts's app
// tokenizer behind promises; a vocabulary that cannot load fails the counts
// asked meanwhile with a clear error, and the next count once it is back works.
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { countPromptTokens, countText, countTexts, startTokenCounter } from "@/lib/ai/token-count";
import { appTokenizer, countContentsTokens, createTokenizer, MEDIA_PART_TOKENS } from "@/lib/ai/tokenizer";

const TEXTS = [
  "Hello world",
  "",
  "  leading spaces and trailing   ",
  "日本語のテキスト と emoji 🎉🎉 mixed in",
  "```ts\nexport const add = (a: number, b: number): number => a + b;\n```\n",
  "word ".repeat(2_000), // longer than the whole-text memo keeps
  "\n\n\n",
];

beforeAll(() => startTokenCounter(), 60_000);
afterEach(() => vi.restoreAllMocks());

describe("countTexts", () => {
  it("counts each text as a tokenizer of its own does, in order, memo or not", async () => {
    const separate = createTokenizer();
    const expected = TEXTS.map((t) => separate.countText(t));
    expect(expected.filter((n) => n > 0).length).toBe(TEXTS.length - 1);
    expect(await countTexts(TEXTS)).toEqual(expected);
    expect(await countTexts([...TEXTS].reverse())).toEqual([...expected].reverse());
    expect(await countText("a brand new sentence, never counted before")).toBe(
      separate.countText("a brand new sentence, never counted before"),
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
    expect(n).toBe(
      [
        "You are terse.",
        "What is in this picture?",
        '{"name":"lookup","args":{"q":"cats"}}',
        '{"name":"lookup","response":{"n":3}}',
      ]
        .map((t) => appTokenizer.countText(t))
        .reduce((a, b) => a + b) + MEDIA_PART_TOKENS,
    );
    expect(await countPromptTokens("just a string")).toBe(appTokenizer.countText("just a string"));
  });

  it("rejects counts while the vocabulary cannot load, then counts again once it can", async () => {
    appTokenizer.unload();
    vi.spyOn(process, "cwd").mockReturnValue(path.join(os.tmpdir(), "no-app-here"));
    await expect(countText(`unseen ${Math.random()}`)).rejects.toThrow(/tokenizer\.json/);
    vi.restoreAllMocks();
    expect(await countText("Hello world")).toBe(createTokenizer().countText("Hello world"));
  });
});
