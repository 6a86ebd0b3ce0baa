// The start of every chat request stays the same as a conversation grows, so the
// API's implicit cache keeps matching it: the system instruction never carries
// the rolling summary, the summary opens the contents, and while it is reused
// the whole prefix through it is reported cached. Requests are read as the
// Gemini API receives them (the SDK's fetch), not from our own code.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";
import { recordGenerations, systemText, type WireRequest } from "./wire-requests";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
afterEach(() => vi.restoreAllMocks());

const firstText = (r: WireRequest) => r.contents[0]?.parts.map((p) => p.text ?? "").join("") ?? "";

describe("prompt layout", () => {
  it("keeps the system instruction fixed and the summary out of it, and the prefix through a reused summary is cached", async () => {
    const user = await createUser("pro");
    // A short history window, so older turns are summarised within a few turns.
    await getDb().user.update({ where: { id: user.id }, data: { preferences: { historyLength: 8 } } });
    const sent = recordGenerations();
    const turns: { question: string; cachedTokens: number; inputTokens: number }[] = [];
    let conversationId: string | undefined;
    for (let i = 1; i <= 9; i++) {
      // Each question alone is over the API's 1,024-token caching minimum.
      const question =
        `Question ${i}: ${"Our ledger is append-only and every counter is rebuilt from it. ".repeat(110)}`.trim();
      const events = await readEvents(
        await chat(
          request("/api/chat", { method: "POST", cookie: user.cookie, body: { conversationId, message: question } }),
        ),
      );
      const meta = events[0];
      if (meta?.type !== "meta") throw new Error("meta first");
      conversationId = meta.conversationId;
      const done = doneEvent(events);
      expect(done.status).toBe("complete");
      turns.push({ question, cachedTokens: done.usage.cachedTokens, inputTokens: done.usage.inputTokens });
    }

    // The chat requests: those whose last content is the turn's question (summaries are other calls).
    const chats = turns.map((t) => {
      const r = sent.filter((s) => s.contents.at(-1)?.parts[0]?.text === t.question);
      expect(r).toHaveLength(1);
      return r[0]!;
    });
    const system = systemText(chats[0]!);
    expect(system.length).toBeGreaterThan(0);
    for (const r of chats) expect(systemText(r)).toBe(system);
    expect(system).not.toContain("Summary of the earlier part");

    const summaries = chats.map((r) => (firstText(r).startsWith("Summary of the earlier part") ? firstText(r) : null));
    // The window fills, and a summary opens the contents from then on.
    expect(summaries[0]).toBeNull();
    expect(summaries.at(-1)).not.toBeNull();
    // It is re-made only now and then, so some turn reuses the previous turn's summary...
    const reused = summaries.flatMap((s, i) => (s !== null && i > 0 && s === summaries[i - 1] ? [i] : []));
    expect(reused.length).toBeGreaterThan(0);
    // ...and then the prefix through the summary and the earlier messages is cached.
    for (const i of reused) {
      expect(turns[i]!.cachedTokens).toBeGreaterThan(1_024);
      expect(turns[i]!.cachedTokens).toBeLessThan(turns[i]!.inputTokens);
    }
    const remade = summaries.flatMap((s, i) => (s !== null && i > 0 && s !== summaries[i - 1] ? [i] : []));
    expect(remade.length).toBeGreaterThan(0);
  });
});
