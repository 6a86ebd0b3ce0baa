// Counting on top of an encoder (piece -> token ids), for lib/ai/tokenizer.ts:
// texts are cut into pieces on sure token boundaries, and counts are memoised.

// No token in the vocabulary contains "▁" (space) right after another
// character, or mixes newlines with anything else, so these positions are
// always token boundaries. Encoding piece by piece gives the same tokens as
// encoding the whole text, but in linear time: BPE is superlinear on one long
// space-free "word".
const BOUNDARY = /(?<=[^ ])(?= )|(?<=\n)(?=[^\n])|(?<=[^\n])(?=\n)/;

export function pieces(text: string): string[] {
  return text.split(BOUNDARY);
}

/**
 * A bounded memo without an LRU's bookkeeping: when the young map fills, it
 * becomes the old one and the previous old one is dropped.
 */
export class TwoGenerationMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key: string, value: V): void {
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
 * Counts with `encode`. Words repeat (Zipf, and chat history is re-sent every
 * turn), so piece and short whole-text counts are memoised.
 */
export function createCounter(encode: (piece: string) => number[]) {
  const memo = new TwoGenerationMemo<number>(50_000);
  const countPiece = (piece: string): number => {
    let count = memo.get(piece);
    if (count === undefined) {
      count = encode(piece).length;
      memo.set(piece, count);
    }
    return count;
  };
  const countText = (text: string): number => {
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
