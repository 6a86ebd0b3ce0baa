// "Search the web" on a chat message: the answer keeps the searches and sources
// Gemini grounded it with, the ledger records each executed query at the
// catalog's price, and a plan without search, or a month's searches used up, is
// refused before anything is stored or sent to the model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { GET as getConversation } from "@/app/api/conversations/[id]/route";
import { MAX_SEARCHES_PER_CALL } from "@/lib/ai/catalog";
import { pricedCost, searchQueryMicros, worstCaseCostMicros } from "@/lib/ai/cost";
import { modelCatalog } from "@/lib/ai/models";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, ctx, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

const question = "Who won the 2024 European football championship? Where was the final played?";
const send = (cookie: string, search: boolean, model = "fast") =>
  chat(request("/api/chat", { method: "POST", cookie, body: { message: question, search, model } }));

describe("search the web", () => {
  it("stores the sources with the answer and bills each executed query", async () => {
    const user = await createUser("pro");
    const res = await send(user.cookie, true);
    expect(res.status).toBe(200);
    const done = doneEvent(await readEvents(res));
    expect(done.status).toBe("complete");
    const grounding = done.message.grounding!;
    expect(grounding.queries.length).toBeGreaterThan(0);
    expect(grounding.sources.length).toBeGreaterThan(0);
    expect(grounding.sources[0]!.uri).toMatch(/^https:\/\//);
    for (const c of grounding.citations) {
      expect(c.end).toBeGreaterThan(c.start);
      for (const i of c.sources) expect(grounding.sources[i]).toBeDefined();
    }
    expect(done.usage.searchQueries).toBe(grounding.queries.length);

    const [row] = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "chat" } });
    expect(row!.searchQueries).toBe(grounding.queries.length);
    const model = Object.values(modelCatalog()).find((m) => m.id === row!.model)!;
    const tokensOnly = pricedCost(model, { ...row!, searchQueries: 0 }, row!.createdAt).costMicros;
    expect(Number(row!.costMicros)).toBe(tokensOnly + grounding.queries.length * searchQueryMicros(row!.createdAt));

    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored.grounding).toEqual(grounding);
  });

  it("answers without sources and bills no query when search is off", async () => {
    const user = await createUser("pro");
    const done = doneEvent(await readEvents(await send(user.cookie, false)));
    expect(done.message.grounding).toBeNull();
    const [row] = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "chat" } });
    expect(row!.searchQueries).toBe(0);
  });

  it("holds the most searches a call may run on top of its tokens", () => {
    const model = modelCatalog().fast;
    const at = new Date();
    expect(worstCaseCostMicros(model, 1_000, 4_096, at, MAX_SEARCHES_PER_CALL)).toBe(
      worstCaseCostMicros(model, 1_000, 4_096, at) + MAX_SEARCHES_PER_CALL * searchQueryMicros(at),
    );
  });

  it("refuses search on a plan without it, and when the month's searches are used, storing nothing", async () => {
    const guest = await createUser("guest");
    const refused = await send(guest.cookie, true, "auto");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({ code: "forbidden:chat", search: "not_in_plan" });

    const free = await createUser("free"); // 20 searches a month
    await getDb().usageLedger.create({
      data: {
        userId: free.id,
        model: modelCatalog().fast.id,
        inputTokens: 10,
        cachedTokens: 0,
        outputTokens: 10,
        thinkingTokens: 0,
        totalTokens: 20,
        costMicros: 1n,
        estimated: false,
        latencyMs: 1,
        outcome: "ok",
        searchQueries: 20 - MAX_SEARCHES_PER_CALL + 1,
      },
    });
    const usedUp = await send(free.cookie, true, "auto");
    expect(usedUp.status).toBe(403);
    const body = (await usedUp.json()).error;
    expect(body).toMatchObject({ search: "allowance_used", used: 20 - MAX_SEARCHES_PER_CALL + 1, limit: 20 });
    expect(Date.parse(body.resetsAt)).toBeGreaterThan(Date.now());
    expect(await getDb().conversation.count({ where: { userId: { in: [guest.id, free.id] } } })).toBe(0);
    // The same message without search goes through.
    expect((await send(free.cookie, false, "auto")).status).toBe(200);
  });
});

describe("a searching answer whose server died", () => {
  it("is settled with the searches its hold allowed, as the call may have run them", async () => {
    const user = await createUser("pro");
    const db = getDb();
    const dayStart = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    const hold = await db.budgetReservation.create({
      data: {
        userId: user.id,
        tokens: 50_000n,
        costMicros: 500_000n,
        expiresAt: new Date(Date.now() + 600_000),
        dayStart,
        monthStart: new Date(new Date().toISOString().slice(0, 7) + "-01T00:00:00Z"),
      },
    });
    const convo = await db.conversation.create({ data: { userId: user.id } });
    await db.message.create({ data: { conversationId: convo.id, role: "user", content: question } });
    await db.message.create({
      data: {
        conversationId: convo.id,
        role: "model",
        content: "",
        status: "streaming",
        model: modelCatalog().fast.id,
        holdId: hold.id,
        inputTokens: 100,
        searching: true,
        aliveUntil: new Date(Date.now() - 1_000),
      },
    });
    const res = await getConversation(
      request(`/api/conversations/${convo.id}`, { cookie: user.cookie }),
      ctx(convo.id),
    );
    expect(res.status).toBe(200);
    const [row] = await db.usageLedger.findMany({ where: { userId: user.id } });
    expect(row!.searchQueries).toBe(MAX_SEARCHES_PER_CALL);
    expect(Number(row!.costMicros)).toBeGreaterThanOrEqual(MAX_SEARCHES_PER_CALL * searchQueryMicros(row!.createdAt));
  });
});
