// Grounding with Google Search through the real @google/genai SDK: the
// groundingMetadata the answer carries (queries, sources, supports whose byte
// offsets locate their text in the answer), on the stream's last chunk, and
// no tool-use token count, as in Google's recorded response.
import { ApiError, GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";

const MODEL = "gemini-3.8-flash";
let emulator: GeminiEmulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  emulator = await startGeminiEmulator();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());

const question = "Who won the 2024 European football championship? Where was the final played?";

describe("googleSearch", () => {
  it("answers with queries, sources and supports that point into the answer's bytes", async () => {
    const res = await ai.models.generateContent({
      model: MODEL,
      contents: question,
      config: { tools: [{ googleSearch: {} }] },
    });
    const candidate = res.candidates![0]!;
    const meta = candidate.groundingMetadata!;
    expect(meta.webSearchQueries).toHaveLength(2);
    expect(meta.searchEntryPoint?.renderedContent).toContain(meta.webSearchQueries![0]!);
    expect(meta.groundingChunks).toHaveLength(4);
    for (const chunk of meta.groundingChunks!) {
      expect(chunk.web?.uri).toMatch(/^https:\/\/vertexaisearch\.cloud\.google\.com\/grounding-api-redirect\//);
      expect(chunk.web?.title).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
    }
    const answer = Buffer.from(res.text ?? "", "utf8");
    expect(meta.groundingSupports!.length).toBeGreaterThan(0);
    for (const support of meta.groundingSupports!) {
      const { startIndex = 0, endIndex, text } = support.segment!;
      expect(answer.subarray(startIndex, endIndex).toString("utf8")).toBe(text);
      for (const i of support.groundingChunkIndices!) expect(meta.groundingChunks![i]).toBeDefined();
    }
    for (const support of meta.groundingSupports!)
      expect(support.confidenceScores).toHaveLength(support.groundingChunkIndices!.length);
    // As in Google's recorded REST response: no tool-use count for the searches.
    expect(res.usageMetadata?.toolUsePromptTokenCount).toBeUndefined();
  });

  it("streams the sources with the last chunk, and does not search without the tool", async () => {
    const chunks = [];
    for await (const chunk of await ai.models.generateContentStream({
      model: MODEL,
      contents: question,
      config: { tools: [{ googleSearch: {} }] },
    }))
      chunks.push(chunk);
    const withSources = chunks.filter((c) => c.candidates?.[0]?.groundingMetadata);
    expect(withSources).toEqual([chunks[chunks.length - 1]]);
    const plain = await ai.models.generateContent({ model: MODEL, contents: question });
    expect(plain.candidates![0]!.groundingMetadata).toBeUndefined();
  });

  it("refuses the retired retrieval tool as the API does", async () => {
    const err = await ai.models
      .generateContent({ model: MODEL, contents: question, config: { tools: [{ googleSearchRetrieval: {} }] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).message).toContain("Please use google_search field");
  });
});
