// The chat route end to end through the real SDK against the emulator: the
// answer streams, both messages persist, usage is metered in the ledger.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { getDb } from "@/lib/db/client";
import { query, sql } from "@/lib/db/sql";
import { modelFor } from "@/lib/ai/models";
import { costMicros } from "@/lib/ai/cost";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/limits";
import { parseEvents } from "@/lib/chat/events";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { answerText, createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe("POST /api/chat", () => {
  it("streams an answer, stores both messages and meters the call", async () => {
    const user = await createUser("pro");
    const res = await chat(
      request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "Hello there" } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readEvents(res);
    const meta = events[0];
    expect(meta).toMatchObject({ type: "meta", model: "gemini-3.8-flash", emulator: true });
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(1);
    const text = answerText(events);
    expect(text).toContain("Offline Gemini emulator");
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.usage.estimated).toBe(false);
    expect(done.usage.inputTokens).toBeGreaterThan(0);
    expect(done.usage.outputTokens).toBeGreaterThan(0);
    expect(done.usage.costMicros).toBe(costMicros(modelFor("fast"), done.usage, new Date()));

    if (meta.type !== "meta") throw new Error("meta first");
    const messages = await getDb().message.findMany({
      where: { conversationId: meta.conversationId },
      orderBy: { createdAt: "asc" },
    });
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["model", "complete"],
    ]);
    expect(messages[0].content).toBe("Hello there");
    expect(messages[1].content).toBe(text);
    expect(messages[1].routingReason).toBeTruthy();
    expect(Number(messages[1].costMicros)).toBe(done.usage.costMicros);

    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ purpose: "chat", outcome: "ok", estimated: false, messageId: meta.messageId });
    expect(ledger[0].inputTokens).toBe(done.usage.inputTokens);
    // The charge and the stored answer were written by one transaction (one
    // statement): the rows it wrote carry the same transaction id.
    const [tx] = await query<{ answer: string; ledger: string; hold: string }>(sql`
      SELECT (SELECT xmin::text FROM messages WHERE id = ${meta.messageId}) AS answer,
        (SELECT xmin::text FROM usage_ledger WHERE message_id = ${meta.messageId}) AS ledger,
        (SELECT r.xmin::text FROM budget_reservations r JOIN usage_ledger l ON l.reservation_id = r.id
          WHERE l.message_id = ${meta.messageId}) AS hold`);
    expect(tx!.ledger).toBeTruthy();
    expect(tx).toEqual({ answer: tx!.ledger, ledger: tx!.ledger, hold: tx!.ledger });
  });

  it("sends the first delta the moment it arrives, and batches the rest of a burst", async () => {
    // A real model's first token comes hundreds of milliseconds after the request, well after the
    // message is stored; without a wait the emulator can answer first, and then every event held
    // until the message is stored rightly leaves with meta in one write.
    emulator.setFaults({ latencyMs: 150 });
    const user = await createUser("pro");
    const res = await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "Hi" } }));
    // One read per enqueue: each entry is one write to the socket.
    const writes: string[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) writes.push(decoder.decode(r.value));
    const types = writes.map((w) => parseEvents(w).events.map((e) => e.type));
    const firstDelta = types.findIndex((t) => t.includes("delta"));
    // The emulator sends its whole answer in one burst, so the old batching put every delta in one write.
    expect(types[firstDelta]).toEqual(["delta"]);
    const later = types.slice(firstDelta + 1).flat();
    expect(later.filter((t) => t === "delta").length).toBeGreaterThan(1);
    // The rest of the burst still leaves together: fewer writes than events.
    expect(writes.length - firstDelta - 1).toBeLessThan(later.length);
  });

  it("creates a guest with a cookie for a newcomer, and continues a conversation with history", async () => {
    const first = await chat(request("/api/chat", { method: "POST", body: { message: "My name is Ada." } }));
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie")!.split(";")[0];
    const meta = (await readEvents(first))[0];
    if (meta.type !== "meta") throw new Error("meta first");
    const second = await chat(
      request("/api/chat", {
        method: "POST",
        cookie,
        body: { conversationId: meta.conversationId, message: "And yours?" },
      }),
    );
    const done = doneEvent(await readEvents(second));
    expect(done.status).toBe("complete");
    const count = await getDb().message.count({ where: { conversationId: meta.conversationId } });
    expect(count).toBe(4);
    // The second call sent the first exchange too, so its prompt is bigger than the bare message.
    expect(done.usage.inputTokens).toBeGreaterThan(40);
  });

  it("routes an analysis request to the strong model on pro, and downgrades it with a reason on free", async () => {
    const pro = await createUser("pro");
    const free = await createUser("free");
    const message = "Compare PostgreSQL and MySQL: pros and cons for a small SaaS.";
    const proMeta = (
      await readEvents(await chat(request("/api/chat", { method: "POST", cookie: pro.cookie, body: { message } })))
    )[0];
    expect(proMeta).toMatchObject({ model: "gemini-4-argon" });
    const freeEvents = await readEvents(
      await chat(request("/api/chat", { method: "POST", cookie: free.cookie, body: { message } })),
    );
    expect(freeEvents[0]).toMatchObject({ model: "gemini-3.8-flash" });
    if (freeEvents[0].type !== "meta") throw new Error("meta first");
    expect(freeEvents[0].routingReason).toMatch(/not included in your plan/);
    // Pro reports thinking tokens; they are billed at the output rate.
    const proDone = doneEvent(
      await readEvents(
        await chat(request("/api/chat", { method: "POST", cookie: pro.cookie, body: { message, model: "strong" } })),
      ),
    );
    expect(proDone.usage.thinkingTokens).toBeGreaterThan(0);
    expect(proDone.usage.costMicros).toBe(costMicros(modelFor("strong"), proDone.usage, new Date()));
  });

  it("refuses a message over the limit with the limit in words, storing nothing", async () => {
    const user = await createUser();
    const res = await chat(
      request("/api/chat", {
        method: "POST",
        cookie: user.cookie,
        body: { message: "x".repeat(MESSAGE_MAX_CHARS + 1) },
      }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("A message can be at most 32,000 characters.");
    expect(await getDb().conversation.count({ where: { userId: user.id } })).toBe(0);
  });

  it("rejects an empty message and an unknown conversation without leaking existence", async () => {
    const owner = await createUser();
    const other = await createUser();
    const bad = await chat(request("/api/chat", { method: "POST", cookie: owner.cookie, body: { message: "   " } }));
    expect(bad.status).toBe(400);
    const meta = (
      await readEvents(
        await chat(request("/api/chat", { method: "POST", cookie: owner.cookie, body: { message: "hi" } })),
      )
    )[0];
    if (meta.type !== "meta") throw new Error("meta first");
    const res = await chat(
      request("/api/chat", {
        method: "POST",
        cookie: other.cookie,
        body: { conversationId: meta.conversationId, message: "x" },
      }),
    );
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found:conversation");
  });
});
