// The Gemini emulator's request checks, through the real @google/genai SDK and
// raw HTTP: API keys, unknown and retired models, thinking settings the model
// refuses, and malformed bodies, each answered like the real API.
import { ApiError, GoogleGenAI, ThinkingLevel } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";
import type { WireErrorBody } from "@/stand-ins/gemini/types";

let emulator: GeminiEmulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  emulator = await startGeminiEmulator();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function rawPost(path: string, body: string, headers: Record<string, string> = { "x-goog-api-key": "k" }) {
  const res = await fetch(`${emulator.url}${path}`, { method: "POST", body, headers });
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as WireErrorBody };
}

describe("request checks", () => {
  it("rejects a missing API key like the real API", async () => {
    const res = await rawPost("/v1beta/models/gemini-3.8-flash:generateContent", "{}", {});
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 403, status: "PERMISSION_DENIED" });
  });

  it("404s NOT_FOUND for unknown and retired models, as the real API", async () => {
    for (const model of ["claude-3", "gemini-9.9-ultra", "gemini-2.5-flash", "gemini-2.5-pro"]) {
      const err = (await ai.models.generateContent({ model, contents: "hi" }).catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(404);
      const body = JSON.parse(err.message) as WireErrorBody;
      expect(body.error.status).toBe("NOT_FOUND");
      expect(body.error.message).toContain(`models/${model} is not found for API version v1beta`);
    }
    // models.get too: what the app's startup check asks.
    await expect(ai.models.get({ model: "gemini-2.5-flash" })).rejects.toMatchObject({ status: 404 });
    const found = await ai.models.get({ model: "gemini-3.8-flash" });
    expect(found.name).toBe("models/gemini-3.8-flash");
    expect(found.outputTokenLimit).toBe(65_536);
  });

  it("answers 400 API_KEY_INVALID for a key it does not know", async () => {
    const strict = await startGeminiEmulator({ apiKeys: ["good-key"] });
    try {
      const bad = new GoogleGenAI({ apiKey: "AIza-wrong", httpOptions: { baseUrl: strict.url } });
      const err = (await bad.models
        .generateContent({ model: "gemini-3.8-flash", contents: "hi" })
        .catch((e: unknown) => e)) as ApiError;
      expect(err.status).toBe(400);
      const body = JSON.parse(err.message) as WireErrorBody;
      expect(body.error.status).toBe("INVALID_ARGUMENT");
      expect(body.error.message).toBe("API key not valid. Please pass a valid API key.");
      expect(body.error.details?.[0]).toMatchObject({ reason: "API_KEY_INVALID" });
      const good = new GoogleGenAI({ apiKey: "good-key", httpOptions: { baseUrl: strict.url } });
      expect((await good.models.generateContent({ model: "gemini-3.8-flash", contents: "hi" })).text).toBeTruthy();
    } finally {
      await strict.close();
    }
  });

  it("400s a thinking level the model does not accept, and a level sent with a budget", async () => {
    // 3.8 Flash dropped MINIMAL; Argon takes no budget alongside a level.
    const minimal = (await ai.models
      .generateContent({
        model: "gemini-3.8-flash",
        contents: "hi",
        config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } },
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(minimal.status).toBe(400);
    expect(minimal.message).toContain("Thinking level MINIMAL is not supported for models/gemini-3.8-flash");
    const both = (await ai.models
      .generateContent({
        model: "gemini-4-argon",
        contents: "hi",
        config: { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW, thinkingBudget: 512 } },
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(both.status).toBe(400);
    expect((JSON.parse(both.message) as WireErrorBody).error).toMatchObject({
      status: "INVALID_ARGUMENT",
      message: "You can only set only one of thinking budget and thinking level.",
    });
    const budget = (await ai.models
      .generateContent({
        model: "gemini-3.8-flash",
        contents: "hi",
        config: { thinkingConfig: { thinkingBudget: 30_000 } },
      })
      .catch((e: unknown) => e)) as ApiError;
    expect(budget.status).toBe(400);
    expect((JSON.parse(budget.message) as WireErrorBody).error.message).toBe("The thinking budget (30000) is invalid.");
    const lite = await ai.models.generateContent({
      model: "gemini-3.5-flash-lite",
      contents: "hi",
      config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } },
    });
    expect(lite.usageMetadata?.thoughtsTokenCount).toBeUndefined();
  });

  it("400s malformed JSON, empty contents and unknown fields", async () => {
    const path = "/v1beta/models/gemini-3.8-flash:generateContent";
    const bad = await rawPost(path, "{not json");
    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/json");
    expect(bad.json.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect((await rawPost(path, '{"contents":[]}')).json.error.message).toContain("contents is not specified");
    const unknown = await rawPost(path, '{"contents":[{"parts":[{"text":"x"}]}],"config":{}}');
    expect(unknown.json.error.message).toContain('Unknown name "config"');
    // The SDK refuses empty contents itself, so go through extraBody to reach the server.
    const err = await ai.models
      .generateContent({
        model: "gemini-3.8-flash",
        contents: "hi",
        config: { httpOptions: { extraBody: { bogus: 1 } } },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect(JSON.parse((err as ApiError).message).error.status).toBe("INVALID_ARGUMENT");
  });

  it("honours an explicit model list exactly", async () => {
    const strict = await startGeminiEmulator({ models: ["gemini-3.8-flash"] });
    try {
      const client = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: strict.url } });
      await expect(client.models.generateContent({ model: "gemini-4-argon", contents: "hi" })).rejects.toMatchObject({
        status: 404,
      });
      await expect(client.models.generateContent({ model: "gemini-3.8-flash", contents: "hi" })).resolves.toBeDefined();
    } finally {
      await strict.close();
    }
  });
});
