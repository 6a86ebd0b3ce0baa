// A chat turn while the database comes and goes (through a proxy that drops
// every connection and refuses new ones): `meta` only once the message is
// stored, a distinct 503 when it cannot be, the final write (and a summary's
// settlement) retried through a blip, and past that the answer and its usage
// kept and applied once it is back (not taken for a dead turn meanwhile).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { sweepDeadTurns } from "@/lib/chat/dead-turns";
import { drainOutbox } from "@/lib/chat/outbox";
import { STREAM_LEASE_MS } from "@/lib/chat/stream-lease";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { startPgProxy, type PgProxy } from "@/tests/helpers/pg-proxy";
import { answerText, createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let proxy: PgProxy;
let emulator: GeminiEmulator;
let directUrl: string;
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), "chat-outbox-"));
beforeAll(async () => {
  directUrl = process.env.DATABASE_URL!;
  proxy = await startPgProxy(directUrl);
  process.env.DATABASE_URL = proxy.url;
  process.env.CHAT_OUTBOX_DIR = outbox;
  process.env.CHAT_OPENING_WRITE_RETRY_MS = "300";
  emulator = await startChatEmulator();
});
afterAll(async () => {
  await emulator.close();
  await proxy.close();
  fs.rmSync(outbox, { recursive: true, force: true });
});
beforeEach(async () => {
  // Fresh connections, so each statement is sent with its text (cutOn looks for it).
  proxy.down();
  await new Promise((r) => setTimeout(r, 100)); // the pool sees its connections close
  proxy.up();
  emulator.reset();
});

const send = (cookie: string, body: Record<string, unknown>) =>
  chat(request("/api/chat", { method: "POST", cookie, body }));
const kept = () => fs.readdirSync(outbox).filter((n) => n.endsWith(".json"));
const setFinalRetry = (ms: number) => {
  process.env.CHAT_FINAL_WRITE_RETRY_MS = String(ms);
  resetEnvCache();
};

describe("chat turn under database faults", () => {
  it("refuses with 503 unavailable:message, before any meta, when the message cannot be stored", async () => {
    const user = await createUser();
    const cut = proxy.cutOn("INSERT INTO messages");
    const res = await send(user.cookie, { message: "will this be kept?" });
    await cut;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await res.json();
    expect(body.error.code).toBe("unavailable:message");
    expect(body.error.message).toMatch(/could not be saved/);

    proxy.up();
    expect(await drainOutbox()).toBe(0);
    // Nothing was shown as sent, and nothing half-stored; the stopped call is still metered
    // (its settlement, retried through the blip, runs on after the response).
    expect(await getDb().conversation.count({ where: { userId: user.id } })).toBe(0);
    await vi.waitFor(async () => {
      expect(await getDb().usageLedger.findMany({ where: { userId: user.id } })).toHaveLength(1);
    }, 5_000);
    const hold = await getDb().budgetReservation.findFirstOrThrow({ where: { userId: user.id } });
    expect(hold.status).toBe("settled");
  });

  it("retries the final write through a short blip while the stream stays open", async () => {
    setFinalRetry(5_000);
    const user = await createUser();
    const cut = proxy.cutOn("WITH claimed AS");
    void cut.then(() => setTimeout(() => proxy.up(), 400));
    const events = await readEvents(await send(user.cookie, { message: "hello through a blip" }));
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(kept()).toEqual([]);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "complete", content: answerText(events) });
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ outcome: "ok", estimated: false, messageId: done.message.id });
  });

  it("keeps a served answer and its usage when the database stays away, and applies them when it is back", async () => {
    setFinalRetry(300);
    const user = await createUser();
    const cut = proxy.cutOn("WITH claimed AS");
    const events = await readEvents(await send(user.cookie, { message: "hello into an outage" }));
    await cut;
    // The user still gets the whole answer, done.
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.message.content).toBe(answerText(events));
    expect(kept()).toHaveLength(1);

    proxy.up();
    expect(await drainOutbox()).toBe(0);
    expect(kept()).toEqual([]);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "complete", content: done.message.content });
    expect(stored.outputTokens).toBe(done.usage.outputTokens);
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ outcome: "ok", estimated: false, outputTokens: done.usage.outputTokens });
    const hold = await getDb().budgetReservation.findUniqueOrThrow({ where: { id: ledger[0]!.reservationId! } });
    expect(hold.status).toBe("settled");
  });

  it("leaves a kept answer to the outbox when its lease lapses before the database is back", async () => {
    setFinalRetry(300);
    const user = await createUser();
    const cut = proxy.cutOn("WITH claimed AS");
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "hello into a long outage" })));
    await cut;
    expect(done.status).toBe("complete");
    expect(kept()).toHaveLength(1);

    proxy.up();
    // The sweep comes round first, as after an outage longer than the lease: the answer is not dead.
    await sweepDeadTurns(Date.now() + STREAM_LEASE_MS + 1_000);
    expect(await drainOutbox()).toBe(0);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "complete", content: done.message.content });
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ outcome: "ok", estimated: false, outputTokens: done.usage.outputTokens });
  });

  it("lets another server apply an answer this one kept, and no server takes it for a dead turn", async () => {
    setFinalRetry(300);
    const user = await createUser();
    const cut = proxy.cutOn("WITH claimed AS");
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "hello, then this server goes" })));
    await cut;
    expect(kept()).toHaveLength(1);

    // This server stays cut off (or is gone); another one, sharing the folder and reaching the
    // database, sweeps lapsed answers first, then drains.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "outbox-peer-worker.ts")],
      { env: { ...process.env, DATABASE_URL: directUrl, LOG_LEVEL: "warn" }, timeout: 30_000 },
    );
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ swept: 1, left: 0 });
    proxy.up();
    expect(kept()).toEqual([]);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "complete", content: done.message.content });
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ outcome: "ok", estimated: false, outputTokens: done.usage.outputTokens });
    // And this server's own drain, later, finds nothing left to do.
    expect(await drainOutbox()).toBe(0);
  }, 40_000);

  it("takes the fallback model's hold through a blip, and the turn completes", async () => {
    setFinalRetry(5_000);
    const user = await createUser("pro");
    emulator.setFaults({ errors: [{ status: 503, times: 10, model: "gemini-3.8-flash" }] });
    // The fallback's hold reads the budget afresh: the database goes away right then.
    const cut = proxy.cutOn("SELECT u.tier, u.tier_override");
    void cut.then(() => setTimeout(() => proxy.up(), 400));
    const events = await readEvents(await send(user.cookie, { message: "hello through a blip, again" }));
    await cut;
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.message.model).toBe("gemini-4-argon");
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "complete", content: done.message.content });
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(ledger.map((l) => [l.model, l.outcome])).toEqual([
      ["gemini-3.8-flash", "error"],
      ["gemini-4-argon", "ok"],
    ]);
  });

  it("stores the first model's failure when the database stays away for the fallback's hold", async () => {
    setFinalRetry(300);
    const user = await createUser("pro");
    emulator.setFaults({ errors: [{ status: 503, times: 10, model: "gemini-3.8-flash" }] });
    const cut = proxy.cutOn("SELECT u.tier, u.tier_override");
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "hello into a longer outage" })));
    await cut;
    expect(done.status).toBe("error");
    expect(done.message.model).toBe("gemini-3.8-flash");

    proxy.up();
    expect(await drainOutbox()).toBe(0);
    // Stored as it was shown, never left streaming.
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored).toMatchObject({ status: "error", model: "gemini-3.8-flash" });
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger.map((l) => [l.model, l.outcome])).toEqual([["gemini-3.8-flash", "error"]]);
  });

  it("settles a conversation summary through a blip, and the turn goes on", async () => {
    setFinalRetry(5_000);
    process.env.CHAT_HISTORY_MAX_MESSAGES = "6";
    resetEnvCache();
    try {
      const user = await createUser();
      let conversationId: string | undefined;
      for (let i = 1; i <= 3; i++) {
        const done = doneEvent(await readEvents(await send(user.cookie, { conversationId, message: `Question ${i}` })));
        expect(done.status).toBe("complete");
        conversationId ??= (await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } })).conversationId;
      }
      // Turn 4 makes 7 messages against a window of 6: its first settlement is the summary's.
      const cut = proxy.cutOn("WITH claimed AS");
      void cut.then(() => setTimeout(() => proxy.up(), 400));
      const res = await send(user.cookie, { conversationId, message: "Question 4" });
      expect(res.status).toBe(200);
      expect(doneEvent(await readEvents(res)).status).toBe("complete");
      expect(kept()).toEqual([]);
      const summaries = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({ outcome: "ok", estimated: false });
      expect(await getDb().budgetReservation.count({ where: { userId: user.id, status: "active" } })).toBe(0);
    } finally {
      delete process.env.CHAT_HISTORY_MAX_MESSAGES;
      resetEnvCache();
    }
  });
});
