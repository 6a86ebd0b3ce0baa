// Fault injection and the control endpoints: errors surface through the SDK
// exactly as the real API's do, and the request log shows what was retried.
import { ApiError, BlockedReason, GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GeminiApiError } from "@/stand-ins/gemini/errors";
import { faultsFromEnv } from "@/stand-ins/gemini/faults";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";
import type { GeminiFaults, RecordedRequest, WireErrorBody } from "@/stand-ins/gemini/types";

/** What the control endpoints answer with (one of the members). */
interface ControlJson extends Partial<WireErrorBody> {
  faults?: GeminiFaults;
  requests?: RecordedRequest[];
}

let emulator: GeminiEmulator;
let ai: GoogleGenAI;
const model = "gemini-3.8-flash";

beforeAll(async () => {
  emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } });
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function failure(promise: Promise<unknown>): Promise<{ status: number; body: WireErrorBody }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  // The SDK keeps no structured details: its message is the JSON error body.
  return { status: (err as ApiError).status, body: JSON.parse((err as ApiError).message) };
}

async function control(method: "GET" | "POST", path: string, body?: unknown) {
  const res = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as ControlJson };
}

describe("error faults", () => {
  it("429 carries RetryInfo the app can parse from the ApiError", async () => {
    emulator.setFaults({ errors: [{ status: 429, times: 1, retryDelaySeconds: 7 }] });
    const { status, body } = await failure(ai.models.generateContent({ model, contents: "hi" }));
    expect(status).toBe(429);
    expect(body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
    const retryInfo = body.error.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.RetryInfo");
    expect(retryInfo).toEqual({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" });
    expect(body.error.details?.[0]["@type"]).toBe("type.googleapis.com/google.rpc.QuotaFailure");
    // Spent after one use.
    await expect(ai.models.generateContent({ model, contents: "hi" })).resolves.toBeDefined();
  });

  it("429 can come without RetryInfo, as the real API sends for some quotas", async () => {
    emulator.setFaults({ errors: [{ status: 429, times: 1, retryDelaySeconds: null }] });
    const { status, body } = await failure(ai.models.generateContent({ model, contents: "hi" }));
    expect(status).toBe(429);
    expect(body.error.details?.some((d) => String(d["@type"]).endsWith("RetryInfo"))).toBe(false);
    expect(body.error.message).not.toContain("Please retry in");
  });

  it("500 and 503 map to INTERNAL and UNAVAILABLE", async () => {
    emulator.setFaults({
      errors: [
        { status: 500, times: 1 },
        { status: 503, times: 1 },
      ],
    });
    const first = await failure(ai.models.generateContent({ model, contents: "hi" }));
    const second = await failure(ai.models.generateContent({ model, contents: "hi" }));
    expect([first.status, first.body.error.status]).toEqual([500, "INTERNAL"]);
    expect([second.status, second.body.error.status]).toEqual([503, "UNAVAILABLE"]);
  });

  it("matches rules by model and method only", async () => {
    emulator.setFaults({ errors: [{ status: 503, times: 5, model: "gemini-4-argon", methods: ["generateContent"] }] });
    await expect(ai.models.generateContent({ model, contents: "hi" })).resolves.toBeDefined();
    await expect(ai.models.countTokens({ model: "gemini-4-argon", contents: "hi" })).resolves.toBeDefined();
    expect((await failure(ai.models.generateContent({ model: "gemini-4-argon", contents: "hi" }))).status).toBe(503);
  });

  it("lets the SDK's retryOptions recover, and the request log shows every attempt", async () => {
    emulator.setFaults({ errors: [{ status: 503, times: 2 }] });
    const retrying = new GoogleGenAI({
      apiKey: "k",
      httpOptions: { baseUrl: emulator.url, retryOptions: { attempts: 3, initialDelay: 0.02, maxDelay: 0.05 } },
    });
    const res = await retrying.models.generateContent({ model, contents: "retry me" });
    expect(res.text).toContain("Offline Gemini emulator");
    const log = emulator.requests();
    expect(log.map((r) => [r.method, r.model, r.status, r.outcome])).toEqual([
      ["generateContent", model, 503, "fault:503"],
      ["generateContent", model, 503, "fault:503"],
      ["generateContent", model, 200, "ok"],
    ]);
    expect(Date.parse(log[0].time)).toBeLessThanOrEqual(Date.parse(log[2].time));
  });

  it("applies latency before an error too", async () => {
    emulator.setFaults({ latencyMs: 200, errors: [{ status: 500, times: 1 }] });
    const started = performance.now();
    await failure(ai.models.generateContent({ model, contents: "hi" }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it("latencyModel slows only that model", async () => {
    emulator.setFaults({ latencyMs: 400, latencyModel: "gemini-3.5-flash-lite" });
    const timed = async (id: string) => {
      const started = performance.now();
      await ai.models.generateContent({ model: id, contents: "hi" });
      return performance.now() - started;
    };
    expect(await timed("gemini-3.5-flash-lite")).toBeGreaterThanOrEqual(380);
    expect(await timed(model)).toBeLessThan(300);
  });
});

describe("blocking and markers", () => {
  it("blockPrompt blocks every prompt with the given reason", async () => {
    emulator.setFaults({ blockPrompt: "PROHIBITED_CONTENT" });
    const res = await ai.models.generateContent({ model, contents: "innocent question" });
    expect(res.promptFeedback?.blockReason).toBe(BlockedReason.PROHIBITED_CONTENT);
    expect(res.candidates).toBeUndefined();
    expect(res.text).toBeUndefined();
  });

  it("[[block]] in any user message blocks; without it the same chat answers", async () => {
    const history = [
      { role: "user", parts: [{ text: "first [[block]]" }] },
      { role: "model", parts: [{ text: "ok" }] },
      { role: "user", parts: [{ text: "second" }] },
    ];
    const blocked = await ai.models.generateContent({ model, contents: history });
    expect(blocked.promptFeedback?.blockReason).toBe(BlockedReason.SAFETY);
    const clean = await ai.models.generateContent({ model, contents: "first and second" });
    expect(clean.promptFeedback).toBeUndefined();
  });

  it("[[429]] in the last message fails that request, and the marker never reaches the reply", async () => {
    const { status } = await failure(ai.models.generateContent({ model, contents: "hi [[429]]" }));
    expect(status).toBe(429);
    const earlier = [
      { role: "user", parts: [{ text: "hi [[429]]" }] },
      { role: "model", parts: [{ text: "ok" }] },
      { role: "user", parts: [{ text: "now answer" }] },
    ];
    const res = await ai.models.generateContent({ model, contents: earlier });
    expect(res.text).not.toContain("[[");
  });
});

describe("control endpoints", () => {
  it("POST /__emulator/faults replaces the config; GET returns it", async () => {
    const set = await control("POST", "faults", { errors: [{ status: 503, times: 1 }] });
    expect(set.status).toBe(200);
    expect((await control("GET", "faults")).json.faults).toEqual({ errors: [{ status: 503, times: 1 }] });
    expect((await failure(ai.models.generateContent({ model, contents: "hi" }))).status).toBe(503);
    await control("POST", "faults", { latencyMs: 0 });
    expect((await control("GET", "faults")).json.faults).toEqual({ latencyMs: 0 });
  });

  it("rejects a misspelled fault config with INVALID_ARGUMENT", async () => {
    const res = await control("POST", "faults", { latency: 100 });
    expect(res.status).toBe(400);
    expect(res.json.error?.status).toBe("INVALID_ARGUMENT");
    expect(res.json.error?.message).toContain('Unrecognized key: "latency"');
    expect(() => emulator.setFaults({ errors: [{ status: 418 as 500, times: 1 }] })).toThrow(GeminiApiError);
  });

  it("GET /__emulator/requests lists requests; reset clears them and restores start-up faults", async () => {
    await ai.models.generateContent({ model: "gemini-3.5-flash-lite", contents: "one" });
    await ai.models.countTokens({ model, contents: "two" });
    const listed = (await control("GET", "requests")).json.requests;
    expect(listed?.map((r) => [r.method, r.model, r.path])).toEqual([
      ["generateContent", "gemini-3.5-flash-lite", "/v1beta/models/gemini-3.5-flash-lite:generateContent"],
      ["countTokens", model, `/v1beta/models/${model}:countTokens`],
    ]);
    emulator.setFaults({ latencyMs: 50 });
    await control("POST", "reset");
    expect((await control("GET", "requests")).json.requests).toEqual([]);
    expect((await control("GET", "faults")).json.faults).toEqual({ chunkIntervalMs: 0 });
  });
});

describe("GEMINI_EMULATOR_FAULTS", () => {
  it("parses JSON and rejects bad input with a clear message", () => {
    expect(faultsFromEnv(undefined)).toEqual({});
    expect(faultsFromEnv('{"latencyMs":250,"errors":[{"status":429,"times":2}]}')).toEqual({
      latencyMs: 250,
      errors: [{ status: 429, times: 2 }],
    });
    expect(() => faultsFromEnv("{nope")).toThrow(/not valid JSON/);
    expect(() => faultsFromEnv('{"cutStreamAfterChunks":-1}')).toThrow(/cutStreamAfterChunks/);
  });
});
