// The benchmarks' floor route: hidden unless BENCH_ROUTES=1 (it calls the model
// outside any budget); when on, it relays the model's answer as SSE deltas.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as floor } from "@/app/api/bench/floor/route";
import { resetEnvCache } from "@/lib/config/env";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { answerText, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(() => {
  delete process.env.BENCH_ROUTES;
  resetEnvCache();
});

const call = (body: unknown) => floor(request("/api/bench/floor", { method: "POST", body }));

describe("POST /api/bench/floor", () => {
  it("is not found unless benchmark routes are enabled, and calls no model then", async () => {
    const res = await call({ message: "Hello" });
    expect(res.status).toBe(404);
    expect(emulator.requests().length).toBe(0);
  });

  it("relays the model's streamed answer when enabled", async () => {
    process.env.BENCH_ROUTES = "1";
    resetEnvCache();
    const res = await call({ message: "Hello", roundTrips: 2 });
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    expect(text).toContain("event: done");
    expect(answerText(await readEvents(res))).toContain("Offline Gemini emulator");
    expect(emulator.requests().length).toBe(1);
  });

  it("refuses a bad body with a clear error", async () => {
    process.env.BENCH_ROUTES = "1";
    resetEnvCache();
    const res = await call({ message: "", roundTrips: 99 });
    expect(res.status).toBe(400);
    expect(emulator.requests().length).toBe(0);
  });
});
