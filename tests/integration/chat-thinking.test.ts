// Thinking through the whole chat: each tier's level is sent, thought summaries
// stream as their own events and are stored with the answer, thinking tokens are
// charged once, a cap used up by thinking gets its own message, and the prompt's
// stable prefix is reported cached by the API and charged at the cached rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { pricedCost } from "@/lib/ai/cost";
import { modelFor } from "@/lib/ai/models";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { THOUGHT_TOKENS } from "@/stand-ins/gemini/thinking";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

async function send(cookie: string, message: string, conversationId?: string) {
  const events = await readEvents(
    await chat(request("/api/chat", { method: "POST", cookie, body: { conversationId, message } })),
  );
  const meta = events[0];
  if (meta.type !== "meta") throw new Error("meta first");
  return { events, done: doneEvent(events), conversationId: meta.conversationId };
}

describe("thinking", () => {
  it("streams the thought summary apart, stores it with the answer and charges thinking tokens once", async () => {
    const user = await createUser("free");
    const { events, done } = await send(user.cookie, "How do database indexes work?");
    const thinking = events.filter((e) => e.type === "thinking");
    expect(thinking.length).toBeGreaterThan(0);
    // Thinking comes before the answer.
    expect(events.findIndex((e) => e.type === "thinking")).toBeLessThan(events.findIndex((e) => e.type === "delta"));
    expect(done.status).toBe("complete");
    // The free tier asks the fast model for "low": its thinking, counted once.
    expect(done.usage.thinkingTokens).toBe(THOUGHT_TOKENS.low);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored.thinking).toBe(thinking.map((e) => (e.type === "thinking" ? e.text : "")).join(""));
    expect(stored.thinking).not.toBe("");
    expect(stored.content).not.toContain(stored.thinking!);
    const [row] = await getDb().usageLedger.findMany({ where: { userId: user.id } });
    expect(row!.thinkingTokens).toBe(THOUGHT_TOKENS.low);
    expect(row!.totalTokens).toBe(row!.inputTokens + row!.outputTokens + THOUGHT_TOKENS.low);
    // The ledger row records the price it used.
    const { price, costMicros } = pricedCost(modelFor("fast"), done.usage, row!.createdAt);
    expect(Number(row!.costMicros)).toBe(costMicros);
    expect(row).toMatchObject({ priceInput: price.input, priceCached: price.cachedInput, priceOutput: price.output });
    expect(row!.priceValidFrom?.toISOString().slice(0, 10)).toBe(price.validFrom);
  });

  it("gives an answer that thinking left no room for its own message, and charges it", async () => {
    const user = await createUser("free");
    // A tier cap below the level's thinking: every output token goes to thinking.
    const { TIERS } = await import("@/lib/budget/tiers");
    const saved = TIERS.free.maxOutputTokens;
    TIERS.free.maxOutputTokens = 100;
    try {
      const { done } = await send(user.cookie, "Explain quantum tunnelling");
      expect(done.status).toBe("error");
      expect(done.statusDetail).toContain("whole output allowance of 100 tokens on thinking");
      expect(done.usage.outputTokens).toBe(0);
      expect(done.usage.thinkingTokens).toBe(100);
      expect(done.usage.costMicros).toBeGreaterThan(0);
      const [row] = await getDb().usageLedger.findMany({ where: { userId: user.id } });
      expect(row).toMatchObject({ thinkingTokens: 100, estimated: false });
    } finally {
      TIERS.free.maxOutputTokens = saved;
    }
  });
});

describe("implicit caching", () => {
  it("keeps the prompt's start stable, so the API reports its prefix cached and it is charged at the cached rate", async () => {
    const user = await createUser("pro");
    // A first message well over the API's 1,024-token caching minimum.
    const long = `Read this note about our ledger. ${"The ledger is append-only and counters are rebuilt from it. ".repeat(120)}`;
    const first = await send(user.cookie, long);
    expect(first.done.usage.cachedTokens).toBe(0);
    const second = await send(user.cookie, "And what about retries?", first.conversationId);
    const usage = second.done.usage;
    // Everything before the new message: system prompt, the first question and its answer.
    expect(usage.cachedTokens).toBeGreaterThan(1_024);
    expect(usage.cachedTokens).toBeLessThan(usage.inputTokens);
    const row = await getDb().usageLedger.findFirstOrThrow({
      where: { userId: user.id, messageId: second.done.message.id },
    });
    expect(row.cachedTokens).toBe(usage.cachedTokens);
    const at = row.createdAt;
    const price = pricedCost(modelFor("fast"), usage, at).price;
    const expected = Math.ceil(
      ((usage.inputTokens - usage.cachedTokens) * price.input +
        usage.cachedTokens * price.cachedInput +
        (usage.outputTokens + usage.thinkingTokens) * price.output) /
        1_000_000,
    );
    expect(Number(row.costMicros)).toBe(expected);
    const uncached = pricedCost(modelFor("fast"), { ...usage, cachedTokens: 0 }, at).costMicros;
    expect(Number(row.costMicros)).toBeLessThan(uncached);
  });
});
