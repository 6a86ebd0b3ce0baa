// The Gemini emulator driven through the real @google/genai SDK: unary
// generateContent, function calling, countTokens and the reply rules.
// Request checks (keys, models, bad bodies) are in gemini-request-checks.test.ts.
import { FinishReason, FunctionCallingConfigMode, GoogleGenAI, ThinkingLevel } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countContentsTokens, countTextTokens } from "@/lib/ai/tokenizer";
import { SYSTEM_PROMPT, TITLE_PROMPT } from "@/lib/chat/system-prompt";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";

let emulator: GeminiEmulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  emulator = await startGeminiEmulator();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe("generateContent", () => {
  it("answers in the real response shape with usage from the app tokenizer", async () => {
    const contents = "Explain how HTTP caching works. Mention ETags and Cache-Control.";
    // The lite model thinks at "minimal" (no thought tokens) unless asked.
    const res = await ai.models.generateContent({ model: "gemini-3.5-flash-lite", contents });
    const candidate = res.candidates?.[0];
    expect(candidate?.content?.role).toBe("model");
    expect(candidate?.finishReason).toBe(FinishReason.STOP);
    expect(candidate?.index).toBe(0);
    expect(res.modelVersion).toBe("gemini-3.5-flash-lite");
    expect(res.responseId).toMatch(/^[\w-]{20,}$/);
    const text = res.text ?? "";
    expect(text.split("\n")[0]).toBe("*Offline Gemini emulator · gemini-3.5-flash-lite*");
    expect(text).toContain("### Explain how HTTP caching works");
    expect(text).toMatch(/^- \*\*/m);
    const usage = res.usageMetadata!;
    // Plus the one token per message the Gemini API adds.
    expect(usage.promptTokenCount).toBe(countTextTokens(contents) + 1);
    expect(usage.candidatesTokenCount).toBe(countTextTokens(text));
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount!);
    expect(usage.thoughtsTokenCount).toBeUndefined();
    expect(usage.candidatesTokenCount).toBeGreaterThanOrEqual(60);
    expect(usage.candidatesTokenCount).toBeLessThanOrEqual(240);
  });

  it("is deterministic for the same request but gives each response its own id", async () => {
    const request = { model: "gemini-3.8-flash", contents: "Compare Rust vs Go for CLI tools" };
    const [a, b] = await Promise.all([ai.models.generateContent(request), ai.models.generateContent(request)]);
    expect(a.text).toBe(b.text);
    expect(a.usageMetadata).toEqual(b.usageMetadata);
    expect(a.responseId).not.toBe(b.responseId);
    const other = await ai.models.generateContent({ ...request, contents: "Compare Python vs Ruby for scripts" });
    expect(other.text).not.toBe(a.text);
  });

  it("adds a code block or a comparison table when the message asks for one", async () => {
    const code = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Write a python function to dedupe a list",
    });
    expect(code.text).toMatch(/```python\n[\s\S]+\n```/);
    const table = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Compare PostgreSQL and MySQL for a small SaaS",
    });
    expect(table.text).toContain("| Aspect | PostgreSQL | MySQL |");
    expect(table.text).not.toContain("```");
  });

  it("honours the system instruction and counts it as prompt tokens", async () => {
    const systemInstruction = "You are a terse pirate assistant.";
    const res = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Hello!",
      config: { systemInstruction },
    });
    expect(res.text).toContain("Following the system instruction: “You are a terse pirate assistant.”");
    expect(res.usageMetadata?.promptTokenCount).toBe(
      countTextTokens(systemInstruction) + countTextTokens("Hello!") + 2,
    );
  });

  it("summarises the conversation when the system instruction asks for it", async () => {
    const contents = [
      { role: "user", parts: [{ text: "How do I deploy to Cloud Run?" }] },
      { role: "model", parts: [{ text: "Use gcloud run deploy with a container image." }] },
      { role: "user", parts: [{ text: "How do I set environment variables there?" }] },
    ];
    const res = await ai.models.generateContent({
      model: "gemini-3.5-flash-lite",
      contents,
      config: { systemInstruction: "Summarise the conversation so far in under 100 words." },
    });
    const text = res.text ?? "";
    expect(text).toContain("summary");
    expect(text).toContain("Summary of 3 messages (2 from the user, 1 from the assistant)");
    expect(text).toContain("- User asked: How do I set environment variables there?");
    expect(text).not.toContain("###");
    expect(res.usageMetadata!.candidatesTokenCount).toBeLessThan(100);
  });

  it("answers a title request with a short title alone", async () => {
    const res = await ai.models.generateContent({
      model: "gemini-3.5-flash-lite",
      contents: "User: how do I set environment variables on Cloud Run?\n\nAssistant: Use --set-env-vars.",
      config: { systemInstruction: TITLE_PROMPT, maxOutputTokens: 100 },
    });
    expect(res.text).toBe("How do I set environment variables");
    expect(res.candidates?.[0].finishReason).toBe(FinishReason.STOP);
    expect(res.usageMetadata!.candidatesTokenCount).toBeLessThan(20);
  });

  it("answers as usual when the system instruction only carries a summary", async () => {
    // As a long chat's instruction does (lib/chat/system-prompt.ts), even one whose summary quotes the verb.
    const res = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "How do I set environment variables on Cloud Run?",
      config: {
        systemInstruction: `${SYSTEM_PROMPT}\n\nSummary of the earlier part of this conversation:\n- User asked: summarize my notes`,
      },
    });
    const text = res.text ?? "";
    expect(text).toContain("How do I set environment variables on Cloud Run");
    expect(text).not.toContain("Summary of");
  });

  it("stops at maxOutputTokens with MAX_TOKENS and truncated usage", async () => {
    const contents = "Explain event loops in Node.js in detail";
    const full = await ai.models.generateContent({ model: "gemini-3.5-flash-lite", contents });
    const cut = await ai.models.generateContent({
      model: "gemini-3.5-flash-lite",
      contents,
      config: { maxOutputTokens: 12 },
    });
    expect(cut.candidates?.[0].finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(cut.usageMetadata?.candidatesTokenCount).toBe(12);
    expect(countTextTokens(cut.text ?? "")).toBe(12);
    expect(full.text?.startsWith(cut.text ?? "!")).toBe(true);
    expect(cut.text!.length).toBeLessThan(full.text!.length);
  });

  it("reports thoughts by thinking level and cached tokens when a cache is named", async () => {
    const pro = await ai.models.generateContent({
      model: "gemini-4-argon",
      contents: "Plan a migration",
      config: { thinkingConfig: { thinkingLevel: ThinkingLevel.HIGH } },
    });
    const usage = pro.usageMetadata!;
    expect(usage.thoughtsTokenCount).toBe(2_048);
    expect(usage.totalTokenCount).toBe(
      usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!,
    );

    const systemInstruction = "You answer questions about our product catalogue.";
    const cached = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "What do you sell?",
      config: { systemInstruction, cachedContent: "cachedContents/catalogue" },
    });
    expect(cached.usageMetadata?.cachedContentTokenCount).toBe(countTextTokens(systemInstruction) + 1);
    expect(cached.usageMetadata?.promptTokenCount).toBe(
      countContentsTokens("What do you sell?", systemInstruction) + 2,
    );
  });
});

describe("usage details by backend", () => {
  async function post(path: string, headers: Record<string, string>) {
    const body = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "Explain DNS caching" }] }] });
    const res = await fetch(`${emulator.url}${path}`, { method: "POST", body, headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { usageMetadata: Record<string, unknown> }).usageMetadata;
  }

  it("leaves candidatesTokensDetails out on the Gemini API, as for its thinking models; Vertex AI sends it", async () => {
    const gemini = await post("/v1beta/models/gemini-3.8-flash:generateContent", { "x-goog-api-key": "k" });
    expect(gemini.candidatesTokenCount).toBeGreaterThan(0);
    expect(gemini.thoughtsTokenCount).toBeGreaterThan(0);
    expect(gemini).not.toHaveProperty("candidatesTokensDetails");
    const vertex = await post(
      "/v1/projects/demo/locations/us-central1/publishers/google/models/gemini-3.8-flash:generateContent",
      { authorization: "Bearer token" },
    );
    expect(vertex.candidatesTokensDetails).toEqual([{ modality: "TEXT", tokenCount: vertex.candidatesTokenCount }]);
    expect(vertex.trafficType).toBe("ON_DEMAND");
  });
});

describe("function calling", () => {
  const tools = [
    {
      functionDeclarations: [
        { name: "get_weather", description: "Weather for a city", parametersJsonSchema: { type: "object" } },
        { name: "list_orders", description: "Recent orders", parametersJsonSchema: { type: "object" } },
      ],
    },
  ];

  it("calls a function the user names, and answers with text otherwise", async () => {
    const call = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Please run list_orders for me",
      config: { tools },
    });
    expect(call.functionCalls).toEqual([{ name: "list_orders", args: {} }]);
    expect(call.candidates?.[0].content?.parts?.some((part) => part.text !== undefined)).toBe(false);
    const plain = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Tell me a joke",
      config: { tools },
    });
    expect(plain.functionCalls).toBeUndefined();
    expect(plain.text).toContain("Offline Gemini emulator");
  });

  it("forces a call in mode ANY and never calls in mode NONE", async () => {
    const any = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "Hi",
      config: { tools, toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } } },
    });
    expect(any.functionCalls?.[0].name).toBe("get_weather");
    const none = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      contents: "run get_weather",
      config: { tools, toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } } },
    });
    expect(none.functionCalls).toBeUndefined();
  });

  it("uses a function response in its answer", async () => {
    const res = await ai.models.generateContent({
      model: "gemini-3.8-flash",
      config: { tools },
      contents: [
        { role: "user", parts: [{ text: "What is the weather? use get_weather" }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: {} } }] },
        {
          role: "user",
          parts: [{ functionResponse: { name: "get_weather", response: { temperatureC: 21, sky: "clear" } } }],
        },
      ],
    });
    expect(res.functionCalls).toBeUndefined();
    expect(res.text).toContain("### Result of `get_weather`");
    expect(res.text).toContain("- **temperatureC:** 21");
    expect(res.text).toContain('- **sky:** "clear"');
  });
});

describe("countTokens", () => {
  it("equals the tokenizer module", async () => {
    const contents = [
      { role: "user", parts: [{ text: "First question about invoices" }] },
      { role: "model", parts: [{ text: "An answer with `code` and **bold**." }] },
    ];
    const res = await ai.models.countTokens({ model: "gemini-3.8-flash", contents });
    expect(res.totalTokens).toBe(countContentsTokens(contents) + contents.length);
    expect(res.totalTokens).toBeGreaterThan(10);
  });
});
