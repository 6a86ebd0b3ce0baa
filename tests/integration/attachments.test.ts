// Attaching files: checked by their bytes and the plan's size limit before
// anything is stored, served only to their owner, and deleted with the
// conversation or the account that holds them.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as getFile, DELETE as deleteFile } from "@/app/api/attachments/[id]/route";
import { POST as upload } from "@/app/api/attachments/route";
import { DELETE as deleteConversation } from "@/app/api/conversations/[id]/route";
import { deleteAccount } from "@/lib/account/delete-account";
import { getDb } from "@/lib/db/client";
import { IMAGE_TOKENS, PDF_PAGE_TEXT_TOKENS, PDF_PAGE_TOKENS } from "@/lib/files/attachments";
import { objectExists } from "@/lib/files/store";
import { PNG_1PX, pdfWithPages } from "../helpers/media-fixtures";
import { createUser, ctx, request } from "./chat-harness";

function send(cookie: string, name: string, bytes: Buffer, declaredType = "application/octet-stream") {
  return upload(
    new NextRequest("http://localhost/api/attachments", {
      method: "POST",
      headers: { cookie, "x-file-name": encodeURIComponent(name), "content-type": declaredType },
      body: new Uint8Array(bytes),
    }),
  );
}

async function uploaded(cookie: string, name: string, bytes: Buffer) {
  const res = await send(cookie, name, bytes);
  expect(res.status).toBe(201);
  return (await res.json()).attachment as { id: string; kind: string; tokenEstimate: number; pages: number | null };
}

describe("attachments", () => {
  it("reads what a file is from its bytes and holds tokens by Google's rules for its kind", async () => {
    const user = await createUser("pro");
    const png = await uploaded(user.cookie, "photo.png", PNG_1PX);
    expect(png).toMatchObject({ kind: "image", mimeType: "image/png", tokenEstimate: IMAGE_TOKENS });
    const pdf = await uploaded(user.cookie, "report.pdf", pdfWithPages(3));
    expect(pdf).toMatchObject({ kind: "pdf", pages: 3, tokenEstimate: 3 * (PDF_PAGE_TOKENS + PDF_PAGE_TEXT_TOKENS) });
    const code = await uploaded(user.cookie, "main.ts", Buffer.from("export const answer = 42;\n"));
    expect(code).toMatchObject({ kind: "text", mimeType: "text/plain" });
    expect(code.tokenEstimate).toBeGreaterThan(0);

    const res = await getFile(request(`/api/attachments/${png.id}`, { cookie: user.cookie }), ctx(png.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG_1PX)).toBe(true);
    // A text file is never served as anything a browser would run.
    const text = await getFile(request(`/api/attachments/${code.id}`, { cookie: user.cookie }), ctx(code.id));
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("refuses a renamed file, a file of no readable kind and one over the plan's limit, storing nothing", async () => {
    const user = await createUser("guest"); // 5 MB a file
    const renamed = await send(user.cookie, "cat.png", Buffer.from("just some text, renamed"), "image/png");
    expect(renamed.status).toBe(415);
    expect((await renamed.json()).error.message).toContain("cat.png is not a PNG, JPEG, WebP or HEIC image");
    const binary = await send(user.cookie, "archive.zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]));
    expect(binary.status).toBe(415);
    const big = await send(user.cookie, "big.pdf", Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toContain("larger than your Guest plan takes (5.0 MB a file)");
    expect(await getDb().attachment.count({ where: { userId: user.id } })).toBe(0);
  });

  it("serves and deletes a file for its owner only: anyone else gets a 404", async () => {
    const owner = await createUser("pro");
    const other = await createUser("pro");
    const file = await uploaded(owner.cookie, "photo.png", PNG_1PX);
    const peek = await getFile(request(`/api/attachments/${file.id}`, { cookie: other.cookie }), ctx(file.id));
    expect(peek.status).toBe(404);
    const steal = await deleteFile(
      request(`/api/attachments/${file.id}`, { method: "DELETE", cookie: other.cookie }),
      ctx(file.id),
    );
    expect(steal.status).toBe(404);
    const mine = await deleteFile(
      request(`/api/attachments/${file.id}`, { method: "DELETE", cookie: owner.cookie }),
      ctx(file.id),
    );
    expect(mine.status).toBe(204);
    const row = await getDb().attachment.findUnique({ where: { id: file.id } });
    expect(row).toBeNull();
  });

  it("deletes the stored files with their conversation, and with the account", async () => {
    const user = await createUser("pro");
    const db = getDb();
    const convo = await db.conversation.create({ data: { userId: user.id } });
    const message = await db.message.create({ data: { conversationId: convo.id, role: "user", content: "see" } });
    const sent = await uploaded(user.cookie, "photo.png", PNG_1PX);
    await db.attachment.update({ where: { id: sent.id }, data: { messageId: message.id } });
    const key = (await db.attachment.findUniqueOrThrow({ where: { id: sent.id } })).storageKey;
    expect(await objectExists(key)).toBe(true);
    const res = await deleteConversation(
      request(`/api/conversations/${convo.id}`, { method: "DELETE", cookie: user.cookie }),
      ctx(convo.id),
    );
    expect(res.status).toBe(204);
    expect(await objectExists(key)).toBe(false);
    expect(await db.attachment.count({ where: { id: sent.id } })).toBe(0);

    const email = `files-${user.id}@example.test`;
    await db.user.update({ where: { id: user.id }, data: { email, isGuest: false } });
    const kept = await uploaded(user.cookie, "notes.md", Buffer.from("# notes"));
    const keptKey = (await db.attachment.findUniqueOrThrow({ where: { id: kept.id } })).storageKey;
    await deleteAccount(user.id, email, null);
    expect(await objectExists(keptKey)).toBe(false);
  });
});
