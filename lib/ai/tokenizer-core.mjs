// Token counting on top of a SentencePiece encoder, shared by lib/ai/tokenizer.ts
// (in-thread: the Gemini emulator and tests) and lib/ai/token-worker.mjs (the
// app's counter, off the main thread). Plain JavaScript because the worker is
// loaded from disk by Node itself, outside Next's bundle.

// No token in the vocabulary contains "▁" (space) right after another
// character, or mixes newlines with anything else, so these positions are
// always token boundaries. Encoding piece by piece gives the same tokens as
// encoding the whole text, but in linear time: the BPE merge loop is
// superlinear on one long space-free "word" (64 kB took ~0.8 s in one piece)
// and its per-word cache only keeps words under 256 characters.
const BOUNDARY = /(?<=[^ ])(?= )|(?<=\n)(?=[^\n])|(?<=[^\n])(?=\n)/;

export function pieces(text) {
  return text.split(BOUNDARY);
}

/**
 * A bounded memo without an LRU's bookkeeping: when the young map fills, it
 * becomes the old one and the previous old one is dropped.
 */
export class TwoGenerationMemo {
  constructor(size) {
    this.size = size;
    this.young = new Map();
    this.old = new Map();
  }

  get(key) {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key, value) {
    if (this.young.size >= this.size) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

// Whole texts up to this size are memoised too (the system prompt, history re-sent
// every turn). A text's count is the sum of its pieces', so both share one memo.
export const WHOLE_TEXT_MEMO_MAX = 4_000;

/**
 * Counts with `encode` (piece -> token ids). Words repeat (Zipf, and chat
 * history is re-sent every turn) and the encoder's per-call overhead dwarfs a
 * Map lookup, so piece and short whole-text counts are memoised.
 */
export function createCounter(encode) {
  const memo = new TwoGenerationMemo(50_000);
  const countPiece = (piece) => {
    let count = memo.get(piece);
    if (count === undefined) {
      count = encode(piece).length;
      memo.set(piece, count);
    }
    return count;
  };
  const countText = (text) => {
    if (text.length === 0) return 0;
    const whole = text.length <= WHOLE_TEXT_MEMO_MAX;
    if (whole) {
      const known = memo.get(text);
      if (known !== undefined) return known;
    }
    let total = 0;
    for (const piece of pieces(text)) total += countPiece(piece);
    if (whole) memo.set(text, total);
    return total;
  };
  return { countText, countPiece };
}
