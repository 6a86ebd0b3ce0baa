// The operator's daily cost cap over several instances (several OperatorCap
// objects on one database, as several servers would be): never more admitted
// than the day's cap, leases in blocks, unused worst cases given back, a fresh
// allowance each UTC day, and a chat turn refused with a clear 503 at the cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { OperatorCap } from "@/lib/budget/operator-cap";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, request, startChatEmulator } from "./chat-harness";

const leased = async (day: string) =>
  Number(
    (await getDb().operatorSpendDay.findUnique({ where: { day: new Date(`${day}T00:00:00Z`) } }))?.leasedMicros ?? 0,
  );

async function admitted(cap: OperatorCap, micros: number, now: Date) {
  try {
    return await cap.admit(micros, now);
  } catch (err) {
    if (err instanceof AppError && err.code === "unavailable:model") return "refused" as const;
    throw err;
  }
}

describe("operator daily cost cap", () => {
  it("admits no more than the cap across instances, however the calls interleave", async () => {
    const now = new Date("2031-03-01T10:00:00Z");
    const instances = [0, 1, 2].map(
      () =>
        new OperatorCap(
          () => 10_000,
          () => 1_000,
        ),
    );
    // 60 concurrent calls of 300 (18,000 wanted) against a 10,000 cap.
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => admitted(instances[i % 3]!, 300, now)));
    const granted = results.filter((r) => r !== "refused" && r !== null);
    expect(granted.length * 300).toBeLessThanOrEqual(10_000);
    // Blocks of 1,000 hold three calls each, and each instance may strand less than one call's worth.
    expect(granted.length).toBeGreaterThanOrEqual(30 - 3);
    expect(results.filter((r) => r === "refused").length).toBe(60 - granted.length);
    expect(await leased("2031-03-01")).toBeLessThanOrEqual(10_000);
  });

  it("leases a block at a time, gives back what calls did not use, and starts afresh each UTC day", async () => {
    const now = new Date("2031-03-02T23:59:00Z");
    const a = new OperatorCap(
      () => 5_000,
      () => 1_000,
    );
    const first = await a.admit(400, now);
    expect(first).toEqual({ day: "2031-03-02", micros: 400 });
    // One block leased for the first call; the second fits in it, no new lease.
    expect(await leased("2031-03-02")).toBe(1_000);
    const second = await a.admit(400, now);
    expect(await leased("2031-03-02")).toBe(1_000);
    // Settled at 100 each: 300 + 300 back to the block, nothing over a block to return.
    a.settle(first, 100);
    a.settle(second, 100);
    const b = new OperatorCap(
      () => 5_000,
      () => 1_000,
    );
    // The rest of the day's cap is there for another instance: 4,000 leased in four blocks.
    for (let i = 0; i < 4; i++) expect(await b.admit(1_000, now)).not.toBeNull();
    await expect(b.admit(1_000, now)).rejects.toMatchObject({
      code: "unavailable:model",
      status: 503,
      headers: { "Retry-After": "60" },
    });
    // a still has 800 of its block: its calls go on until that is used.
    expect(await a.admit(800, now)).not.toBeNull();
    await expect(a.admit(1, now)).rejects.toBeInstanceOf(AppError);
    // Midnight UTC: a new day, a new allowance.
    expect(await a.admit(400, new Date("2031-03-03T00:00:01Z"))).toEqual({ day: "2031-03-03", micros: 400 });
  });

  it("returns a block's excess to the day for other instances", async () => {
    const now = new Date("2031-03-04T12:00:00Z");
    const a = new OperatorCap(
      () => 2_000,
      () => 1_000,
    );
    const grants = [await a.admit(1_000, now), await a.admit(1_000, now)];
    expect(await leased("2031-03-04")).toBe(2_000);
    // Both never made: 2,000 back, of which a keeps one block and returns the other.
    for (const g of grants) a.settle(g, 0);
    await expect.poll(() => leased("2031-03-04")).toBe(1_000);
    const b = new OperatorCap(
      () => 2_000,
      () => 1_000,
    );
    expect(await b.admit(1_000, now)).not.toBeNull();
  });

  it("is off with no cap set", async () => {
    expect(
      await new OperatorCap(
        () => 0,
        () => 0,
      ).admit(1_000_000_000, new Date()),
    ).toBeNull();
  });
});

describe("a chat turn at the operator's cap", () => {
  let emulator: GeminiEmulator;
  beforeAll(async () => {
    emulator = await startChatEmulator();
    // Less than any call's worst case: the first turn of the day is refused.
    process.env.OPERATOR_DAILY_COST_CAP_MICROS = "1";
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.OPERATOR_DAILY_COST_CAP_MICROS;
    resetEnvCache();
    await emulator.close();
  });

  it("is refused with 503 and the reason, before any model call or stored message", async () => {
    const user = await createUser("pro");
    const calls = emulator.requests().length;
    const res = await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "hello" } }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain("spending limit for today");
    expect(emulator.requests().length).toBe(calls);
    expect(await getDb().conversation.count({ where: { userId: user.id } })).toBe(0);
    expect(await getDb().budgetReservation.count({ where: { userId: user.id } })).toBe(0);
  });
});
