// Where a served call's usage (and its answer) waits when the database is gone
// for longer than a turn retries: one file per call, written and fsynced before
// the user is told the answer is done, applied by the same statement as usual
// once the database answers again (a timer while entries wait, and at startup
// for entries a stopped server left). Applying twice is harmless: a hold is
// settled at most once and the answer update writes the same values.
//
// The folder outlives the server that wrote to it: in production every instance
// mounts the same Cloud Storage bucket there (terraform/outbox.tf), so an entry
// left by an instance that was stopped or lost is applied by any other, and no
// instance takes a kept answer for a dead turn (the answer's id is in the name).
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { perDatabaseTmpDir } from "@/lib/config/local-dir";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { query } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import { getSpendGuard, type CallUsage, type SpendHold } from "./spend-guard";
import { settleWithAnswer } from "./settle-with-answer";
import { answerUpdate, type AnswerFields } from "./statements";

export interface PendingCall {
  /** The call's settlement (none for an answer whose call was settled already). */
  settle: { hold: SpendHold; usage: CallUsage } | null;
  /** The answer's final state, stored with the settlement. */
  answer: { id: string; fields: AnswerFields } | null;
}

const RETRY_EVERY_MS = 1_000;

const ENTRY = /^\d+-(answer|hold)-([A-Za-z0-9_-]+)-[0-9a-f]{8}\.json$/;

/** The entry's file name: when it was kept, and the answer (or, alone, the hold) it is for. */
export function entryName(call: PendingCall, now = Date.now()): string {
  const [kind, id] = call.answer ? ["answer", call.answer.id] : ["hold", call.settle?.hold.id ?? "none"];
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not an id for a file name: ${id}`);
  return `${now}-${kind}-${id}-${randomUUID().slice(0, 8)}.json`;
}

/**
 * The answers kept and not applied yet, by any server sharing the folder: their
 * leases lapse while they wait, but they are not dead turns (dead-turns.ts
 * leaves them to the outbox).
 */
export async function keptAnswers(): Promise<Set<string>> {
  const kept = new Set<string>();
  for (const name of await entries()) {
    const m = ENTRY.exec(name);
    if (m?.[1] === "answer") kept.add(m[2]!);
  }
  return kept;
}

async function entries(): Promise<string[]> {
  const names = await fs.readdir(outboxDir()).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [] as string[];
    throw err;
  });
  return names.filter((n) => ENTRY.test(n)).sort();
}

/** Per database, so a server never applies entries meant for another one. */
export function outboxDir(): string {
  const e = env();
  return e.CHAT_OUTBOX_DIR ?? perDatabaseTmpDir("gemini-chat-outbox");
}

/** Keeps a call for later, durably (fsync, then an atomic rename), and schedules applying it. */
export async function keepForLater(call: PendingCall): Promise<void> {
  const dir = outboxDir();
  await fs.mkdir(dir, { recursive: true });
  const name = entryName(call);
  const tmp = path.join(dir, `.${name}.tmp`);
  const file = await fs.open(tmp, "w");
  try {
    await file.writeFile(JSON.stringify(call));
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(tmp, path.join(dir, name));
  scheduleDrain(RETRY_EVERY_MS);
}

let timer: NodeJS.Timeout | null = null;

/** Applies waiting entries after `delayMs`, and again every second while the database is away. */
export function scheduleDrain(delayMs = 0): void {
  if (timer) return;
  timer = setTimeout(() => {
    void drainOutbox()
      .catch((err: unknown) => {
        logger.error({ err }, "could not read the chat outbox");
        return 1;
      })
      .then((left) => {
        timer = null;
        if (left > 0) scheduleDrain(RETRY_EVERY_MS);
      });
  }, delayMs);
  timer.unref();
}

let draining: Promise<number> | null = null;

/** Applies every waiting entry, oldest first; returns how many are still waiting. One drain at a time. */
export function drainOutbox(): Promise<number> {
  draining ??= drainNow().finally(() => (draining = null));
  return draining;
}

async function drainNow(): Promise<number> {
  const dir = outboxDir();
  const names = await entries();
  for (const [i, name] of names.entries()) {
    const file = path.join(dir, name);
    // Another server sharing the folder may have applied it since the listing.
    const text = await fs.readFile(file, "utf8").catch(gone);
    if (text === null) continue;
    const call = JSON.parse(text) as PendingCall;
    try {
      await applyCall(call);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return names.length - i;
      // Not a blip: set aside for a person to look at, never retried in a loop.
      logger.error({ err, file: name }, "a kept chat call could not be applied; moved to failed/");
      await fs.mkdir(path.join(dir, "failed"), { recursive: true });
      await fs.rename(file, path.join(dir, "failed", name)).catch(gone);
      continue;
    }
    await fs.unlink(file).catch(gone);
    logger.info({ holdId: call.settle?.hold.id ?? null, messageId: call.answer?.id ?? null }, "kept chat call applied");
  }
  return 0;
}

/** A file another server removed first is not an error. */
function gone(err: NodeJS.ErrnoException): null {
  if (err.code === "ENOENT") return null;
  throw err;
}

/** The statement the turn would have run: settlement and answer together, or either alone. */
async function applyCall(call: PendingCall): Promise<void> {
  const { settle, answer } = call;
  if (settle && answer) await settleWithAnswer(settle.hold, settle.usage, answer.id, answer.fields);
  else if (settle) await getSpendGuard().afterCall(settle.hold, settle.usage);
  else if (answer) await query(answerUpdate(answer.id, answer.fields));
}
