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

describe("conversation summary", () => {
  it("summarises turns that fall out of the window with the lite model and reuses it", async () => {
    const user = await createUser();
    let conversationId: string | undefined;
    for (let i = 1; i <= 4; i++) {
      const events = await readEvents(
        await chat(
          request("/api/chat", {
            method: "POST",
            cookie: user.cookie,
            body: { conversationId, message: `Question ${i}` },
          }),
        ),
      );
      const meta = events[0];
      if (meta.type !== "meta") throw new Error("meta first");
      conversationId = meta.conversationId;
      expect(doneEvent(events).status).toBe("complete");
    }
    // Turn 4 makes 7 messages against a window of 6: everything but the last exchange and
    // the new question (half the window) is summarised.
    const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(convo.summary).toBeTruthy();
    expect(convo.summarizedCount).toBe(4);
    const summaries = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
    expect(summaries).toHaveLength(1);
    expect(summaries[0].model).toBe("gemini-2.5-flash-lite");
    expect(summaries[0].outcome).toBe("ok");

    // Turn 5 (9 messages, 5 after the summary) still fits: the summary is reused.
    await readEvents(
      await chat(
        request("/api/chat", { method: "POST", cookie: user.cookie, body: { conversationId, message: "Question 5" } }),
      ),
    );
    expect(await getDb().usageLedger.count({ where: { userId: user.id, purpose: "summary" } })).toBe(1);
    const liteCalls = emulator.requests().filter((r) => r.model === "gemini-2.5-flash-lite");
    expect(liteCalls).toHaveLength(1);
  });
});
