// Custom instructions: saved with the account's preferences (length-limited),
// sent in every conversation's system instruction, new or old, and counted in
// the prompt's estimate, so in the hold. Requests are read as the Gemini API
// receives them (the SDK's fetch).
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as patchAccount } from "@/app/api/account/route";
import { POST as chat } from "@/app/api/chat/route";
import { countTextTokens } from "@/lib/ai/tokenizer";
import { INSTRUCTIONS_MAX_CHARS } from "@/lib/account/instruction-limits";
import { SYSTEM_PROMPT, systemPromptFor } from "@/lib/chat/system-prompt";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { sessionCookieFor } from "../helpers/auth";
import { doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";
import { recordGenerations, systemText } from "./wire-requests";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
afterEach(() => vi.restoreAllMocks());

async function member(): Promise<{ id: string; cookie: string }> {
  const user = await getDb().user.create({ data: { email: `${crypto.randomUUID()}@example.test`, tier: "pro" } });
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

const patch = (cookie: string, preferences: Record<string, unknown>) =>
  patchAccount(
    new NextRequest("http://localhost/api/account", {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ preferences }),
    }),
  );

const ask = (cookie: string, conversationId?: string) =>
  chat(
    request("/api/chat", { method: "POST", cookie, body: { message: "Plan my week", model: "fast", conversationId } }),
  );

const instructions = { aboutMe: "I run a bakery in Porto.", answerStyle: "Bullet points, at most five." };

describe("custom instructions", () => {
  it("go into every conversation's system instruction and are counted in the hold", async () => {
    const plain = await member();
    const custom = await member();
    expect((await patch(custom.cookie, instructions)).status).toBe(200);
    const wire = recordGenerations();
    const sent = (i: number) => systemText(wire[i]!);

    const first = doneEvent(await readEvents(await ask(custom.cookie)));
    doneEvent(await readEvents(await ask(plain.cookie)));
    expect(sent(0)).toBe(systemPromptFor(instructions));
    expect(sent(0)).toContain("I run a bakery in Porto.");
    expect(sent(1)).toBe(SYSTEM_PROMPT);
    // An existing conversation carries them too.
    const convo = await getDb().message.findUniqueOrThrow({ where: { id: first.message.id } });
    doneEvent(await readEvents(await ask(custom.cookie, convo.conversationId)));
    expect(sent(2)).toBe(systemPromptFor(instructions));

    const extra = countTextTokens(systemPromptFor(instructions)) - countTextTokens(SYSTEM_PROMPT);
    const holdOf = async (userId: string) =>
      Number(
        (await getDb().budgetReservation.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "asc" } })).tokens,
      );
    expect((await holdOf(custom.id)) - (await holdOf(plain.id))).toBeGreaterThanOrEqual(extra);
  });

  it("are refused over their length limit, keeping what was saved", async () => {
    const user = await member();
    expect((await patch(user.cookie, instructions)).status).toBe(200);
    const res = await patch(user.cookie, { answerStyle: "x".repeat(INSTRUCTIONS_MAX_CHARS + 1) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("at most 1,500 characters");
    const stored = (await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).preferences as Record<
      string,
      string
    >;
    expect(stored.answerStyle).toBe(instructions.answerStyle);
  });
});
