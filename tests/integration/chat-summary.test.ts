// Older turns that leave the history window are summarised by the lite model
// (metered like any call) and the summary is reused on the following turns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
  process.env.CHAT_HISTORY_MAX_MESSAGES = "6";
  resetEnvCache();
});
afterAll(() => emulator.close());

/** Sends `count` questions in one conversation; returns its id and each turn's done event and duration. */
async function converse(cookie: string, count: number) {
  let conversationId: string | undefined;
  const turns = [];
  for (let i = 1; i <= count; i++) {
    const started = performance.now();
    const events = await readEvents(
      await chat(request("/api/chat", { method: "POST", cookie, body: { conversationId, message: `Question ${i}` } })),
    );
    const meta = events[0];
    if (meta.type !== "meta") throw new Error("meta first");
    conversationId = meta.conversationId;
    turns.push({ done: doneEvent(events), ms: performance.now() - started });
  }
  return { conversationId: conversationId!, turns };
}

describe("conversation summary", () => {
  it("summarises turns that fall out of the window with the lite model and reuses it", async () => {
    const user = await createUser();
    const { conversationId, turns } = await converse(user.cookie, 4);
    expect(turns.map((t) => t.done.status)).toEqual(["complete", "complete", "complete", "complete"]);
    // Turn 4 makes 7 messages against a window of 6: everything but the last exchange and
    // the new question (half the window) is summarised.
    const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(convo.summary).toBeTruthy();
    expect(convo.summarizedCount).toBe(4);
    const summaries = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
    expect(summaries).toHaveLength(1);
    expect(summaries[0].model).toBe("gemini-3.5-flash-lite");
    expect(summaries[0].outcome).toBe("ok");

    // Turn 5 (9 messages, 5 after the summary) still fits: the summary is reused.
    await readEvents(
      await chat(
        request("/api/chat", { method: "POST", cookie: user.cookie, body: { conversationId, message: "Question 5" } }),
      ),
    );
    expect(await getDb().usageLedger.count({ where: { userId: user.id, purpose: "summary" } })).toBe(1);
    const liteCalls = emulator.requests().filter((r) => r.model === "gemini-3.5-flash-lite");
    expect(liteCalls).toHaveLength(1);
  });

  it("gives up on a summary the model does not answer, and the turn goes on without it", async () => {
    process.env.GEMINI_IDLE_TIMEOUT_MS = "500";
    resetEnvCache();
    emulator.setFaults({ latencyMs: 10_000, latencyModel: "gemini-3.5-flash-lite" });
    try {
      const user = await createUser();
      const { conversationId, turns } = await converse(user.cookie, 4);
      // Turn 4 waited on the summary: the idle timeout, not the model's 10 s.
      expect(turns[3]!.done.status).toBe("complete");
      expect(turns[3]!.ms).toBeLessThan(5_000);
      const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(convo.summary).toBeNull();
      expect(convo.summarizedCount).toBe(0);
      // Metered as a failed call with its estimated input, never as free.
      const [row] = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
      expect(row).toMatchObject({ outcome: "error", estimated: true, model: "gemini-3.5-flash-lite" });
      expect(row!.inputTokens).toBeGreaterThan(0);
    } finally {
      emulator.reset();
      delete process.env.GEMINI_IDLE_TIMEOUT_MS;
      resetEnvCache();
    }
  });

  it("charges 0 for a summary the model refuses, and the turn goes on without it", async () => {
    emulator.setFaults({ errors: [{ status: 503, times: 100, model: "gemini-3.5-flash-lite" }] });
    try {
      const user = await createUser();
      const { conversationId, turns } = await converse(user.cookie, 5);
      expect(turns.map((t) => t.done.status)).toEqual(["complete", "complete", "complete", "complete", "complete"]);
      expect((await getDb().conversation.findUniqueOrThrow({ where: { id: conversationId } })).summary).toBeNull();
      // Turns 4 and 5 each tried the summary; both were refused before any output.
      const rows = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row).toMatchObject({ outcome: "error", estimated: false, totalTokens: 0, inputTokens: 0 });
        expect(Number(row.costMicros)).toBe(0);
      }
    } finally {
      emulator.reset();
    }
  });
});
