// Files on a chat message: sent to Gemini with it (and again while the message
// is in the history window), held by Google's per-modality rules before the
// call, settled and recorded on the ledger by the modality counts the API
// reports; a plan that cannot afford a file's tokens is told so before anything
// reaches the model.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as upload } from "@/app/api/attachments/route";
import { POST as chat } from "@/app/api/chat/route";
import { INLINE_FILE_MAX_BYTES } from "@/lib/ai/files";
import { getDb } from "@/lib/db/client";
import { IMAGE_TOKENS as EMULATED_IMAGE, PDF_PAGE_TOKENS as EMULATED_PAGE } from "@/stand-ins/gemini/media";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { PNG_1PX, pdfWithPages } from "../helpers/media-fixtures";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

async function attach(cookie: string, name: string, bytes: Buffer): Promise<string> {
  const res = await upload(
    new NextRequest("http://localhost/api/attachments", {
      method: "POST",
      headers: { cookie, "x-file-name": name },
      body: new Uint8Array(bytes),
    }),
  );
  expect(res.status).toBe(201);
  return (await res.json()).attachment.id;
}

const send = (cookie: string, body: Record<string, unknown>) =>
  chat(request("/api/chat", { method: "POST", cookie, body: { model: "fast", ...body } }));

describe("files on a chat message", () => {
  it("sends them with the message, holds and records their tokens by modality", async () => {
    const user = await createUser("pro");
    const image = await attach(user.cookie, "chart.png", PNG_1PX);
    const pdf = await attach(user.cookie, "report.pdf", pdfWithPages(3));
    const res = await send(user.cookie, { message: "What do these show?", attachments: [image, pdf] });
    expect(res.status).toBe(200);
    const done = doneEvent(await readEvents(res));
    expect(done.status).toBe("complete");

    const db = getDb();
    const [row] = await db.usageLedger.findMany({ where: { userId: user.id, purpose: "chat" } });
    expect(row!.inputImageTokens).toBe(EMULATED_IMAGE);
    expect(row!.inputDocumentTokens).toBe(3 * EMULATED_PAGE);
    expect(row!.inputTokens).toBeGreaterThan(EMULATED_IMAGE + 3 * EMULATED_PAGE);
    const linked = await db.attachment.findMany({ where: { id: { in: [image, pdf] } }, include: { message: true } });
    expect(linked.map((a) => a.message?.role)).toEqual(["user", "user"]);
    // The hold covered the files as estimated (the answer's opening row keeps the prompt's estimate).
    const answer = await db.message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(answer.inputTokens).toBeGreaterThanOrEqual(EMULATED_IMAGE + 3 * EMULATED_PAGE);

    // The next turn sends them again: the API keeps no state between calls.
    const again = await send(user.cookie, {
      message: "And the second page?",
      conversationId: await readConversation(user.id),
    });
    expect(again.status).toBe(200);
    await readEvents(again);
    const rows = await db.usageLedger.findMany({ where: { userId: user.id, purpose: "chat" }, orderBy: { id: "asc" } });
    expect(rows.at(-1)!.inputDocumentTokens).toBe(3 * EMULATED_PAGE);

    // A file goes with one message only.
    const reused = await send(user.cookie, { message: "Once more", attachments: [image] });
    expect(reused.status).toBe(404);
  });

  it("sends a large file through the Files API once, and refers to that copy on later turns", async () => {
    const user = await createUser("pro");
    // Two pages, padded past the inline threshold with a PDF comment.
    const big = Buffer.concat([pdfWithPages(2), Buffer.from(`%${"x".repeat(INLINE_FILE_MAX_BYTES)}\n`)]);
    const id = await attach(user.cookie, "scan.pdf", big);
    const uploads = () => emulator.requests().filter((r) => r.path === "/upload/v1beta/files").length;
    const before = uploads();
    const first = await send(user.cookie, { message: "What is in this scan?", attachments: [id] });
    expect(first.status).toBe(200);
    await readEvents(first);
    // Start, then the bytes in 8 MB chunks: one upload session.
    expect(uploads() - before).toBeGreaterThanOrEqual(2);
    const row = await getDb().attachment.findUniqueOrThrow({ where: { id } });
    expect(row.geminiFileUri).toMatch(/\/v1beta\/files\/[a-z0-9]{12}$/);
    const afterFirst = uploads();
    const conversationId = await readConversation(user.id);
    await readEvents(await send(user.cookie, { message: "And the second page?", conversationId }));
    expect(uploads()).toBe(afterFirst);
    const rows = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "chat" } });
    expect(rows.map((r) => r.inputDocumentTokens)).toEqual([2 * EMULATED_PAGE, 2 * EMULATED_PAGE]);
  });

  it("tells a plan that cannot afford a file's tokens before the file reaches the model", async () => {
    const guest = await createUser("guest"); // 10,000 tokens a day
    const pdf = await attach(guest.cookie, "long.pdf", pdfWithPages(8));
    const before = emulator.requests().length;
    const res = await send(guest.cookie, { message: "Summarise this", attachments: [pdf], model: "auto" });
    expect(res.status).toBe(402);
    expect(emulator.requests().length).toBe(before);
    expect((await getDb().attachment.findUniqueOrThrow({ where: { id: pdf } })).messageId).toBeNull();
  });
});

async function readConversation(userId: string): Promise<string> {
  return (await getDb().conversation.findFirstOrThrow({ where: { userId } })).id;
}
