// A new conversation's title, written by the lite model after the first answer:
// sent as a `title` event after `done`, stored, metered; never over a rename,
// and a refused call leaves the first-line title and is charged nothing.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as v1chat } from "@/app/api/v1/chat/route";
import { createApiKey } from "@/lib/account/api-keys";
import { POST as chat } from "@/app/api/chat/route";
import { PATCH as rename } from "@/app/api/conversations/[id]/route";
import { modelFor } from "@/lib/ai/models";
import { titleFrom } from "@/lib/chat/title";
import { parseEvents, type ChatEvent } from "@/lib/chat/events";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, ctx, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  process.env.CHAT_TITLES = "model";
  emulator = await startChatEmulator(); // reads the settings afresh
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const QUESTION = "explain how postgresql row level security works for a multi-tenant app, in a few lines please";
const send = (cookie: string, body: Record<string, unknown>) =>
  chat(request("/api/chat", { method: "POST", cookie, body }));
const titleLedger = (userId: string) => getDb().usageLedger.findMany({ where: { userId, purpose: "title" } });

describe("written titles", () => {
  it("titles a new conversation after its first answer, and meters the call", async () => {
    const user = await createUser("free");
    const events = await readEvents(await send(user.cookie, { message: QUESTION }));
    const types = events.map((e) => e.type);
    expect(types.indexOf("title")).toBe(types.indexOf("done") + 1);
    const title = events.find((e) => e.type === "title") as Extract<ChatEvent, { type: "title" }>;
    expect(title.title).toBe("Explain how postgresql row level security");
    expect(title.title).not.toBe(titleFrom(QUESTION));
    const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: title.conversationId } });
    expect(convo).toMatchObject({ userId: user.id, title: title.title });
    const [row, ...more] = await titleLedger(user.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ model: modelFor("lite").id, outcome: "ok", estimated: false, messageId: null });
    expect(row!.inputTokens).toBeGreaterThan(0);
    expect(row!.outputTokens).toBeGreaterThan(0);

    // Later turns keep the title and make no title call.
    const next = await readEvents(await send(user.cookie, { conversationId: convo.id, message: "And for views?" }));
    expect(next.map((e) => e.type)).not.toContain("title");
    expect(await titleLedger(user.id)).toHaveLength(1);
  });

  it("gives the programmatic API's one-object answer the written title", async () => {
    const user = await getDb().user.create({ data: { email: "titles@example.com", tier: "free" } });
    const { secret } = await createApiKey(user.id, "script", null);
    const call = (body: unknown) =>
      v1chat(
        new NextRequest("http://localhost/api/v1/chat", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
          body: JSON.stringify(body),
        }),
      );
    const first = (await (await call({ message: QUESTION, stream: false })).json()) as {
      conversationId: string;
      title: string | null;
    };
    expect(first.title).toBe("Explain how postgresql row level security");
    const next = (await (
      await call({ conversationId: first.conversationId, message: "And views?", stream: false })
    ).json()) as { title: string | null };
    expect(next.title).toBeNull();
  });

  it("never replaces a title the user chose meanwhile", async () => {
    const user = await createUser("free");
    // The title call waits, so the rename lands between the answer and the title.
    emulator.setFaults({ latencyMs: 600, latencyModel: modelFor("lite").id });
    const res = await send(user.cookie, { message: QUESTION });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const events: ChatEvent[] = [];
    while (!events.some((e) => e.type === "done")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended before done");
      const parsed = parseEvents(buffer + decoder.decode(value, { stream: true }));
      buffer = parsed.rest;
      events.push(...parsed.events);
    }
    const meta = events[0] as Extract<ChatEvent, { type: "meta" }>;
    const renamed = await rename(
      request(`/api/conversations/${meta.conversationId}`, {
        method: "PATCH",
        cookie: user.cookie,
        body: { title: "Mine" },
      }),
      ctx(meta.conversationId),
    );
    expect(renamed.status).toBe(200);
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      events.push(...parseEvents(buffer + decoder.decode(r.value, { stream: true })).events);
    }
    expect(events.map((e) => e.type)).not.toContain("title");
    const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: meta.conversationId } });
    expect(convo.title).toBe("Mine");
    // The call was made all the same, so it is charged.
    expect(await titleLedger(user.id)).toMatchObject([{ outcome: "ok", estimated: false }]);
  });

  it("keeps the first-line title, with no title call, when written titles are off", async () => {
    process.env.CHAT_TITLES = "first-line";
    resetEnvCache();
    try {
      const user = await createUser("free");
      const events = await readEvents(await send(user.cookie, { message: QUESTION }));
      expect(events.map((e) => e.type)).not.toContain("title");
      const meta = events[0] as Extract<ChatEvent, { type: "meta" }>;
      const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: meta.conversationId } });
      expect(convo.title).toBe(titleFrom(QUESTION));
      expect(await titleLedger(user.id)).toEqual([]);
    } finally {
      process.env.CHAT_TITLES = "model";
      resetEnvCache();
    }
  });

  it("keeps the first-line title when the model refuses, and charges the refusal nothing", async () => {
    const user = await createUser("free");
    emulator.setFaults({ errors: [{ status: 503, times: 10, model: modelFor("lite").id }] });
    const events = await readEvents(await send(user.cookie, { message: QUESTION }));
    expect(doneEvent(events).status).toBe("complete");
    expect(events.map((e) => e.type)).not.toContain("title");
    const meta = events[0] as Extract<ChatEvent, { type: "meta" }>;
    const convo = await getDb().conversation.findUniqueOrThrow({ where: { id: meta.conversationId } });
    expect(convo.title).toBe(titleFrom(QUESTION));
    expect(await titleLedger(user.id)).toMatchObject([
      { outcome: "error", estimated: false, inputTokens: 0, outputTokens: 0, costMicros: 0n },
    ]);
  });
});
