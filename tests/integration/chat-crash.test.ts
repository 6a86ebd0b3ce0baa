// A server killed (SIGKILL) in the middle of an answer: the call Gemini served is
// still metered (its hold settled at the estimate once the answer's lease lapses,
// not left to expire uncharged), the answer reads as interrupted, and the user
// can retry it at once.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { sweepDeadTurns } from "@/lib/chat/dead-turns";
import { INTERRUPTED_DETAIL, STREAM_LEASE_MS } from "@/lib/chat/stream-lease";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

/** Starts a turn in a child process; resolves once its answer streams. */
function turnInChild(cookie: string, message: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "chat-crash-worker.ts"), cookie, message],
    { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const streaming = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => c.toString().includes("delta") && resolve());
    child.on("exit", (code) => reject(new Error(`worker exited ${code} before streaming: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, streaming, exited };
}

describe("a server killed mid-answer", () => {
  it("meters the served call at its estimate once the lease lapses, and the answer can be retried at once", async () => {
    const user = await createUser();
    emulator.setFaults({ chunkIntervalMs: 400 });
    const turn = turnInChild(user.cookie, "Tell me a long story about lighthouses");
    await turn.streaming;
    turn.child.kill("SIGKILL");
    await turn.exited;
    emulator.setFaults({});

    const answer = await getDb().message.findFirstOrThrow({
      where: { conversation: { userId: user.id }, role: "model" },
    });
    expect(answer.status).toBe("streaming");
    expect(answer.holdId).not.toBeNull();
    expect(answer.inputTokens).toBeGreaterThan(0);
    const served = emulator.requests().filter((r) => r.method === "streamGenerateContent");
    expect(served).toHaveLength(1);

    // Nothing happens while the lease holds; once it lapsed, the sweep settles and marks it.
    expect(await sweepDeadTurns()).toBe(0);
    expect(await sweepDeadTurns(Date.now() + STREAM_LEASE_MS + 1_000)).toBe(1);
    const hold = await getDb().budgetReservation.findUniqueOrThrow({ where: { id: answer.holdId! } });
    expect(hold.status).toBe("settled");
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(served.length);
    expect(ledger[0]).toMatchObject({ messageId: answer.id, outcome: "aborted", estimated: true });
    expect(ledger[0]!.inputTokens).toBe(answer.inputTokens);
    expect(Number(ledger[0]!.costMicros)).toBeGreaterThan(0);
    const marked = await getDb().message.findUniqueOrThrow({ where: { id: answer.id } });
    expect(marked).toMatchObject({ status: "error", statusDetail: INTERRUPTED_DETAIL });

    const retried = await chat(
      request("/api/chat", {
        method: "POST",
        cookie: user.cookie,
        body: { conversationId: answer.conversationId, retryOf: answer.id },
      }),
    );
    expect(retried.status).toBe(200);
    expect(doneEvent(await readEvents(retried)).status).toBe("complete");
  }, 120_000); // a second process loads the app and its tokenizer first
});
