// Images, PDFs and text files in a prompt, through the real @google/genai SDK:
// inline bytes and the Files API's resumable upload, counted per modality in
// usageMetadata and countTokens, and refused the way the real API refuses them.
import { ApiError, GoogleGenAI, MediaModality } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countTextTokens } from "@/lib/ai/tokenizer";
import { IMAGE_TOKENS, PDF_PAGE_TOKENS } from "@/stand-ins/gemini/media";
import { type GeminiEmulator, startGeminiEmulator } from "@/stand-ins/gemini/server";
import { PNG_1PX, pdfWithPages } from "../helpers/media-fixtures";

const MODEL = "gemini-3.5-flash-lite";
let emulator: GeminiEmulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  emulator = await startGeminiEmulator();
  ai = new GoogleGenAI({ apiKey: "key-a", httpOptions: { baseUrl: emulator.url } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const inline = (mimeType: string, bytes: Buffer) => ({ inlineData: { mimeType, data: bytes.toString("base64") } });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("media in a prompt", () => {
  it("counts an inline image, a PDF's pages and a text file each in its modality", async () => {
    const question = "What do these show?";
    const notes = "Quarterly notes: revenue grew, churn fell.";
    const res = await ai.models.generateContent({
      model: MODEL,
      contents: [
        {
          role: "user",
          parts: [
            inline("image/png", PNG_1PX),
            inline("application/pdf", pdfWithPages(3)),
            inline("text/plain", Buffer.from(notes)),
            { text: question },
          ],
        },
      ],
    });
    const usage = res.usageMetadata!;
    const text = countTextTokens(question) + countTextTokens(notes) + 1;
    expect(usage.promptTokensDetails).toEqual([
      { modality: MediaModality.TEXT, tokenCount: text },
      { modality: MediaModality.IMAGE, tokenCount: IMAGE_TOKENS },
      { modality: MediaModality.DOCUMENT, tokenCount: 3 * PDF_PAGE_TOKENS },
    ]);
    expect(usage.promptTokenCount).toBe(text + IMAGE_TOKENS + 3 * PDF_PAGE_TOKENS);

    const counted = await ai.models.countTokens({
      model: MODEL,
      contents: [{ role: "user", parts: [inline("application/pdf", pdfWithPages(2)), { text: question }] }],
    });
    expect(counted.totalTokens).toBe(countTextTokens(question) + 1 + 2 * PDF_PAGE_TOKENS);
    // The SDK keeps only totalTokens from countTokens; the wire has the details too.
    const raw = await fetch(`${emulator.url}/v1beta/models/${MODEL}:countTokens`, {
      method: "POST",
      headers: { "x-goog-api-key": "key-a", "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [inline("image/jpeg", PNG_1PX)] }] }),
    });
    expect(await raw.json()).toEqual({
      totalTokens: 1 + IMAGE_TOKENS,
      promptTokensDetails: [
        { modality: "TEXT", tokenCount: 1 },
        { modality: "IMAGE", tokenCount: IMAGE_TOKENS },
      ],
    });
  });

  it("refuses a type the API does not take, and bytes that are not what they claim", async () => {
    const zip = await rejection(
      ai.models.generateContent({
        model: MODEL,
        contents: [{ role: "user", parts: [inline("application/zip", Buffer.from("PK\x03\x04")), { text: "hi" }] }],
      }),
    );
    expect(zip.status).toBe(400);
    expect(zip.message).toContain("Unsupported MIME type: application/zip");

    const fakePng = await rejection(
      ai.models.generateContent({
        model: MODEL,
        contents: [{ role: "user", parts: [inline("image/png", Buffer.from("just text, renamed")), { text: "hi" }] }],
      }),
    );
    expect(fakePng.status).toBe(400);
    expect(fakePng.message).toContain("Unable to process input image");

    const notPdf = await rejection(
      ai.models.countTokens({
        model: MODEL,
        contents: [{ role: "user", parts: [inline("application/pdf", PNG_1PX)] }],
      }),
    );
    expect(notPdf.status).toBe(400);
  });
});

describe("the Files API", () => {
  it("uploads resumably, serves the File resource, and counts a fileData part like inline bytes", async () => {
    const pdf = pdfWithPages(4);
    const file = await ai.files.upload({
      file: new Blob([new Uint8Array(pdf)], { type: "application/pdf" }),
      config: { displayName: "report.pdf" },
    });
    expect(file.name).toMatch(/^files\/[a-z0-9]{12}$/);
    expect(file).toMatchObject({
      displayName: "report.pdf",
      mimeType: "application/pdf",
      sizeBytes: String(pdf.length),
      state: "ACTIVE",
      source: "UPLOADED",
    });
    expect(Date.parse(file.expirationTime!) - Date.parse(file.createTime!)).toBe(48 * 3600 * 1000);
    expect((await ai.files.get({ name: file.name! })).uri).toBe(file.uri);
    const listed = [];
    for await (const f of await ai.files.list()) listed.push(f.name);
    expect(listed).toEqual([file.name]);

    const res = await ai.models.generateContent({
      model: MODEL,
      contents: [
        {
          role: "user",
          parts: [{ fileData: { fileUri: file.uri!, mimeType: "application/pdf" } }, { text: "Sum up." }],
        },
      ],
    });
    expect(res.usageMetadata?.promptTokensDetails).toContainEqual({
      modality: MediaModality.DOCUMENT,
      tokenCount: 4 * PDF_PAGE_TOKENS,
    });
    const log = emulator.requests().map((r) => `${r.method} ${r.path}`);
    expect(log).toContain("files /upload/v1beta/files");
  });

  it("keeps a file to the key that uploaded it, and forgets a deleted one", async () => {
    const file = await ai.files.upload({ file: new Blob([new Uint8Array(PNG_1PX)], { type: "image/png" }) });
    const other = new GoogleGenAI({ apiKey: "key-b", httpOptions: { baseUrl: emulator.url } });
    const ask = (client: GoogleGenAI) =>
      client.models.generateContent({
        model: MODEL,
        contents: [
          {
            role: "user",
            parts: [{ fileData: { fileUri: file.uri!, mimeType: "image/png" } }, { text: "What is it?" }],
          },
        ],
      });
    const foreign = await rejection(ask(other));
    expect(foreign.status).toBe(403);
    expect(foreign.message).toContain("do not have permission to access the File");
    expect((await rejection(other.files.get({ name: file.name! }))).status).toBe(403);

    const mine = await ask(ai);
    expect(mine.usageMetadata?.promptTokensDetails).toContainEqual({
      modality: MediaModality.IMAGE,
      tokenCount: IMAGE_TOKENS,
    });
    await ai.files.delete({ name: file.name! });
    expect((await rejection(ask(ai))).status).toBe(403);
  });
});
