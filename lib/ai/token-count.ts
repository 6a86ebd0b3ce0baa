// The app's token counter: the same counting as lib/ai/tokenizer.ts, but the
// vocabulary lives in a worker thread (lib/ai/token-worker.mjs). Held in the
// server's own heap, its ~350 MB made every major GC a 100-300 ms stall of all
// requests in flight; in the worker, loading it and collecting it cost the
// serving thread nothing. Counts of short texts seen before (the system prompt,
// history re-sent every turn) are answered here without a message.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { logger } from "@/lib/log/logger";
import { MEDIA_PART_TOKENS, promptTexts, type TokenizableContent } from "./tokenizer";
import { TwoGenerationMemo, WHOLE_TEXT_MEMO_MAX } from "./tokenizer-core.mjs";

interface Pending {
  resolve(counts: number[]): void;
  reject(err: Error): void;
}

interface WorkerState {
  worker: Worker;
  pending: Map<number, Pending>;
  ready: Promise<void>;
}

// Loaded by Node from disk, beside this source (copied into the standalone
// build by next.config.mjs); the server's working directory is the app root.
export function workerFile(): string {
  return path.join(process.cwd(), "lib", "ai", "token-worker.mjs");
}

// One worker per process: Next bundles instrumentation (which starts it at boot)
// and the routes separately, each with its own copy of this module, so the
// worker and the memo live on globalThis.
const shared = globalThis as unknown as {
  __tokenCounter?: { state: WorkerState | null; memo: TwoGenerationMemo<number>; nextId: number };
};
const g = (shared.__tokenCounter ??= { state: null, memo: new TwoGenerationMemo<number>(50_000), nextId: 0 });

function start(): WorkerState {
  const worker = new Worker(workerFile());
  const pending = new Map<number, Pending>();
  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  ready.catch(() => undefined); // reported by whoever awaits it, and logged below
  const s: WorkerState = { worker, pending, ready };
  const failAll = (err: Error) => {
    if (g.state === s) g.state = null; // the next count starts a new worker
    failReady(err);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on("message", (m: { ready?: true; id?: number; counts?: number[]; error?: string }) => {
    if (m.ready) {
      if (pending.size === 0) worker.unref();
      return markReady();
    }
    const p = pending.get(m.id!);
    if (!p) return;
    pending.delete(m.id!);
    if (pending.size === 0) worker.unref();
    if (m.counts) p.resolve(m.counts);
    else p.reject(new Error(`token counting failed: ${m.error}`));
  });
  worker.on("error", (err) => {
    logger.error({ err }, "token counter worker failed");
    failAll(err);
  });
  worker.on("exit", (code) => failAll(new Error(`token counter worker stopped (exit code ${code})`)));
  // Ref'd while loading and while a count is pending; idle, it keeps no script alive.
  return s;
}

function current(): WorkerState {
  g.state ??= start();
  return g.state;
}

/** Starts the worker and loads the vocabulary; resolves when it can count. */
export function startTokenCounter(): Promise<void> {
  return current().ready;
}

function ask(texts: string[]): Promise<number[]> {
  const s = current();
  const id = g.nextId++;
  return new Promise<number[]>((resolve, reject) => {
    s.pending.set(id, { resolve, reject });
    s.worker.ref();
    s.worker.postMessage({ id, texts });
  });
}

/** Tokens in each text (no special tokens added), in order. */
export async function countTexts(texts: readonly string[]): Promise<number[]> {
  const counts = new Array<number>(texts.length);
  const missing: number[] = [];
  texts.forEach((text, i) => {
    const known = text.length === 0 ? 0 : g.memo.get(text);
    if (known === undefined) missing.push(i);
    else counts[i] = known;
  });
  if (missing.length === 0) return counts;
  const found = await ask(missing.map((i) => texts[i]!));
  missing.forEach((i, k) => {
    counts[i] = found[k]!;
    if (texts[i]!.length <= WHOLE_TEXT_MEMO_MAX) g.memo.set(texts[i]!, found[k]!);
  });
  return counts;
}

export async function countText(text: string): Promise<number> {
  const [n] = await countTexts([text]);
  return n!;
}

/** Prompt tokens of a request, as countContentsTokens() in lib/ai/tokenizer.ts counts them. */
export async function countPromptTokens(
  contents: string | readonly TokenizableContent[],
  systemInstruction?: string | TokenizableContent,
): Promise<number> {
  const { texts, mediaParts } = promptTexts(contents, systemInstruction);
  const counts = await countTexts(texts);
  return counts.reduce((a, b) => a + b, 0) + mediaParts * MEDIA_PART_TOKENS;
}

/** The running worker, if any (tests use it to make it fail). */
export function runningWorker(): Worker | null {
  return g.state?.worker ?? null;
}

/** Stops the worker (tests and scripts that must exit promptly). */
export async function stopTokenCounter(): Promise<void> {
  const s = g.state;
  g.state = null;
  if (s) await s.worker.terminate();
}
