// The end of a budget: a refusal only because answers in progress hold the rest
// is a short 429, not "exhausted until midnight"; and the last part of an
// allowance can be spent, the output cap lowered to what it can still hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

const FREE_DAILY = 50_000;
const dayStart = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
const monthStart = () => new Date(new Date().toISOString().slice(0, 7) + "-01T00:00:00Z");
const send = (cookie: string) =>
  chat(request("/api/chat", { method: "POST", cookie, body: { message: "one more question" } }));

describe("the end of a budget", () => {
  it("answers 429 with a short Retry-After when only answers in progress hold the budget", async () => {
    const user = await createUser("free");
    await getDb().budgetReservation.create({
      data: {
        userId: user.id,
        tokens: BigInt(FREE_DAILY - 100),
        costMicros: 0n,
        expiresAt: new Date(Date.now() + 600_000),
        dayStart: dayStart(),
        monthStart: monthStart(),
      },
    });
    const res = await send(user.cookie);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await res.json();
    expect(body.error.code).toBe("rate_limit:chat");
    expect(body.error.message).toMatch(/answers in progress/);
  });

  it("still says the budget is spent when it is, with its reset", async () => {
    const user = await createUser("free");
    await getDb().budgetCounter.create({
      data: { userId: user.id, window: "day", windowStart: dayStart(), tokensUsed: BigInt(FREE_DAILY - 100) },
    });
    const res = await send(user.cookie);
    expect(res.status).toBe(402);
    expect((await res.json()).error.code).toBe("budget_exceeded:chat");
  });

  it("lowers the output cap to what is left, so the last part of an allowance is spent and never exceeded", async () => {
    const user = await createUser("free");
    const left = 1_500; // less than the plan's 2,048 output tokens
    await getDb().budgetCounter.create({
      data: { userId: user.id, window: "day", windowStart: dayStart(), tokensUsed: BigInt(FREE_DAILY - left) },
    });
    const res = await send(user.cookie);
    expect(res.status).toBe(200);
    expect(["complete", "partial"]).toContain(doneEvent(await readEvents(res)).status);
    const hold = await getDb().budgetReservation.findFirstOrThrow({ where: { userId: user.id } });
    expect(Number(hold.tokens)).toBeLessThanOrEqual(left);
    const calls = emulator.requests().filter((r) => r.method === "streamGenerateContent");
    expect(calls.at(-1)?.outcome).toBe("ok");
  });
});
