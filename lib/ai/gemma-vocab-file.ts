// Where the compact vocabulary comes from. Compiling it from tokenizer.json
// takes ~1.5 s and ~250 MB of short-lived objects, so it is done once (by
// `npm run build` for the standalone server, else on first use) and kept as a
// ~12 MB binary file that loads in tens of milliseconds with almost no garbage.
import fs from "node:fs";
import path from "node:path";
import { compileVocab, indexVocab, type GemmaVocab, type TokenizerJson, type VocabTables } from "./gemma-vocab";

const MAGIC = 0x47564231; // "GVB1"; bump when the layout changes
const HEADER_WORDS = 8;

/** The package's vocabulary file (next.config.mjs copies it into the standalone build). */
export function vocabJsonFile(root = process.cwd()): string {
  return path.join(root, "node_modules", "@lenml", "tokenizer-gemini", "models", "tokenizer.json");
}

export function vocabCacheFile(root = process.cwd()): string {
  return path.join(root, "node_modules", ".cache", "gemma-vocab.bin");
}

function sections(t: VocabTables): ArrayBufferView[] {
  const text = new Uint16Array(t.text.length);
  for (let i = 0; i < t.text.length; i++) text[i] = t.text.charCodeAt(i);
  return [t.offsets, t.mergeLeft, t.mergeRight, t.mergeResult, t.addedIds, text];
}

/** The tables as bytes, keyed by the size of the JSON they came from. */
export function tablesToBytes(t: VocabTables, sourceSize: number): Buffer {
  const header = Int32Array.of(
    MAGIC,
    sourceSize,
    t.offsets.length,
    t.mergeLeft.length,
    t.addedIds.length,
    t.text.length,
    t.unkId,
    t.vocabSize,
  );
  return Buffer.concat([header, ...sections(t)].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

/** The tables back, or null if the bytes are not of this layout or another source. */
export function tablesFromBytes(bytes: Uint8Array, sourceSize: number): VocabTables | null {
  if (bytes.byteLength < HEADER_WORDS * 4) return null;
  const copy = new Uint8Array(bytes); // aligned, and owned by the tables
  const h = new Int32Array(copy.buffer, 0, HEADER_WORDS);
  if (h[0] !== MAGIC || h[1] !== sourceSize) return null;
  const [offsetCount, mergeCount, addedCount, textLength, unkId, vocabSize] = Array.from(h.subarray(2)) as number[];
  const expected = (HEADER_WORDS + offsetCount! + 3 * mergeCount! + addedCount!) * 4 + textLength! * 2;
  if (copy.byteLength !== expected) return null;
  let at = HEADER_WORDS * 4;
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, size: number) => {
    const view = make(copy.buffer, at, length);
    at += length * size;
    return view;
  };
  const int32 = (length: number) => take((b, o, l) => new Int32Array(b, o, l), length, 4);
  const offsets = take((b, o, l) => new Uint32Array(b, o, l), offsetCount!, 4);
  const [mergeLeft, mergeRight, mergeResult] = [int32(mergeCount!), int32(mergeCount!), int32(mergeCount!)];
  const addedIds = int32(addedCount!);
  const units = take((b, o, l) => new Uint16Array(b, o, l), textLength!, 2);
  let text = "";
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return { text, offsets, mergeLeft, mergeRight, mergeResult, addedIds, unkId: unkId!, vocabSize: vocabSize! };
}

function compileFrom(jsonFile: string): VocabTables {
  return compileVocab(JSON.parse(fs.readFileSync(jsonFile, "utf8")) as TokenizerJson);
}

// Written beside and renamed, so concurrent loaders never read half a file.
function saveCache(root: string, tables: VocabTables, sourceSize: number): void {
  const file = vocabCacheFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, tablesToBytes(tables, sourceSize));
  fs.renameSync(partial, file);
}

/** Compiles the vocabulary into the cache file under `root` (the build runs this). */
export function writeVocabCache(root = process.cwd()): void {
  const jsonFile = vocabJsonFile(root);
  saveCache(root, compileFrom(jsonFile), fs.statSync(jsonFile).size);
}

/** The vocabulary from the cache file, compiling (and caching, where writable) if it is missing or stale. */
export function loadVocab(root = process.cwd()): GemmaVocab {
  const jsonFile = vocabJsonFile(root);
  const size = fs.statSync(jsonFile).size;
  let cached: VocabTables | null = null;
  try {
    cached = tablesFromBytes(fs.readFileSync(vocabCacheFile(root)), size);
  } catch {
    // no cache yet
  }
  if (cached) return indexVocab(cached);
  const tables = compileFrom(jsonFile);
  try {
    saveCache(root, tables, size);
  } catch {
    // a read-only install: this process keeps what it compiled
  }
  return indexVocab(tables);
}
