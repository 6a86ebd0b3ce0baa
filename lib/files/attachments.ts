// Attachments: a file a user uploads to send with a message. Checked by content
// (lib/files/kinds.ts) and against the plan's size limit before anything is
// stored; its bytes go to the attachment store, its row says what it is and
// what a call holds for it. Only its owner can read or delete it; it is deleted
// with the message, conversation or account that holds it.
import { randomUUID } from "node:crypto";
import { copyStillValid, uploadToGemini, usesFilesApi } from "@/lib/ai/files";
import { countText } from "@/lib/ai/token-count";
import type { Identity } from "@/lib/auth/identity";
import { tierLimits } from "@/lib/budget/tiers";
import { getDb } from "@/lib/db/client";
import type { Attachment } from "@/lib/db/generated/client";
import { AppError } from "@/lib/http/app-error";
import { detectKind, type AttachmentKind, type Detected } from "./kinds";
import { deleteObjects, putObject, readObject, storageKey } from "./store";

/** Gemini 3's tokens per image at its default (high) media resolution. */
export const IMAGE_TOKENS = 1_120;
/** Gemini 3's tokens per PDF page at its default (medium) media resolution. */
export const PDF_PAGE_TOKENS = 560;
/** A page's text layer is read too; holds assume at most this much text per page. */
export const PDF_PAGE_TEXT_TOKENS = 1_000;
/** Files a user may have uploaded and not sent yet. */
export const MAX_UNSENT = 50;

export interface AttachmentView {
  id: string;
  name: string;
  kind: AttachmentKind;
  mimeType: string;
  sizeBytes: number;
  pages: number | null;
  tokenEstimate: number;
  url: string;
}

export function toAttachmentView(a: Attachment): AttachmentView {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind as AttachmentKind,
    mimeType: a.mimeType,
    sizeBytes: a.sizeBytes,
    pages: a.pages,
    tokenEstimate: a.tokenEstimate,
    url: `/api/attachments/${a.id}`,
  };
}

/** Prompt tokens a call holds for a file, by Google's published rules for its modality. */
export async function tokenEstimate(d: Detected, bytes: Buffer): Promise<number> {
  if (d.kind === "image") return IMAGE_TOKENS;
  if (d.kind === "pdf") return d.pages! * (PDF_PAGE_TOKENS + PDF_PAGE_TEXT_TOKENS);
  return countText(bytes.toString("utf8"));
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The refusal for a file over the plan's limit (413), in the user's terms. */
export function tooLargeFor(identity: Identity, name: string): AppError {
  const limits = tierLimits(identity.tier);
  return new AppError(
    "payload_too_large:attachment",
    `${name} is larger than your ${limits.label} plan takes (${megabytes(limits.attachments.maxBytes)} a file).`,
    { details: { maxBytes: limits.attachments.maxBytes } },
  );
}

export function cleanName(raw: string | null): string {
  let name = "file";
  try {
    name = decodeURIComponent(raw ?? "file");
  } catch {
    name = raw ?? "file";
  }
  const base = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  return (base || "file").slice(0, 200);
}

export async function createAttachment(identity: Identity, name: string, bytes: Buffer): Promise<AttachmentView> {
  if (bytes.length === 0) throw new AppError("bad_request:attachment", `${name} is empty.`);
  if (bytes.length > tierLimits(identity.tier).attachments.maxBytes) throw tooLargeFor(identity, name);
  const detected = detectKind(name, bytes);
  const db = getDb();
  const unsent = await db.attachment.count({ where: { userId: identity.userId, messageId: null } });
  if (unsent >= MAX_UNSENT) {
    throw new AppError(
      "conflict:attachment",
      `You have ${unsent} files waiting to be sent. Send or remove some first.`,
    );
  }
  const id = randomUUID();
  const key = storageKey(identity.userId, id);
  // The bytes first: a row never points at nothing. A row that fails leaves no bytes behind.
  await putObject(key, bytes);
  try {
    const row = await db.attachment.create({
      data: {
        id,
        userId: identity.userId,
        name,
        kind: detected.kind,
        mimeType: detected.mimeType,
        sizeBytes: bytes.length,
        pages: detected.pages,
        tokenEstimate: await tokenEstimate(detected, bytes),
        storageKey: key,
      },
    });
    return toAttachmentView(row);
  } catch (err) {
    await deleteObjects([key]).catch(() => undefined);
    throw err;
  }
}

const notFound = () => new AppError("not_found:attachment", "No such file.");

/** The caller's attachment; anyone else's is a 404, as if it did not exist. */
export async function ownedAttachment(userId: string, id: string): Promise<Attachment> {
  const row = await getDb().attachment.findFirst({ where: { id, userId } });
  if (!row) throw notFound();
  return row;
}

export async function attachmentBytes(row: Attachment): Promise<Buffer> {
  const bytes = await readObject(row.storageKey);
  if (!bytes) throw notFound();
  return bytes;
}

/** Removes a file not sent yet; one sent is part of its message (delete the conversation instead). */
export async function deleteAttachment(userId: string, id: string): Promise<void> {
  const row = await ownedAttachment(userId, id);
  if (row.messageId) {
    throw new AppError(
      "conflict:attachment",
      "This file was sent with a message; delete the conversation to remove it.",
    );
  }
  await getDb().attachment.delete({ where: { id: row.id } });
  await deleteObjects([row.storageKey]);
}

/** Storage keys of the files of a conversation's messages (read before the rows cascade away). */
export async function conversationFileKeys(conversationId: string): Promise<string[]> {
  const rows = await getDb().attachment.findMany({
    where: { message: { conversationId } },
    select: { storageKey: true },
  });
  return rows.map((r) => r.storageKey);
}

/** The most the files sent inline in one request may weigh together (base64 grows them by a third). */
export const MAX_INLINE_BYTES = 50 * 1024 * 1024;

/** The part of a call's files that travels inline (large ones go through the Files API where it exists). */
export function inlineBytes(files: readonly Attachment[]): number {
  return files.filter((f) => !usesFilesApi(f.sizeBytes)).reduce((sum, f) => sum + f.sizeBytes, 0);
}

/** The files a new message carries: the caller's own, not sent yet, within the plan's count. */
export async function filesForMessage(identity: Identity, ids: readonly string[]): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  const limits = tierLimits(identity.tier);
  if (ids.length > limits.attachments.maxPerMessage) {
    throw new AppError(
      "bad_request:attachment",
      `Your ${limits.label} plan takes up to ${limits.attachments.maxPerMessage} files a message.`,
    );
  }
  const rows = await getDb().attachment.findMany({
    where: { id: { in: [...new Set(ids)] }, userId: identity.userId, messageId: null },
    orderBy: { createdAt: "asc" },
  });
  if (rows.length !== new Set(ids).size) {
    throw new AppError("not_found:attachment", "A file of this message was removed or sent already. Attach it again.");
  }
  return rows;
}

/** The files the messages of a conversation carried, by message id (for the history sent again). */
export async function filesOfMessages(messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
  const byMessage = new Map<string, Attachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await getDb().attachment.findMany({
    where: { messageId: { in: [...messageIds] } },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) byMessage.set(row.messageId!, [...(byMessage.get(row.messageId!) ?? []), row]);
  return byMessage;
}

export type PromptPart =
  { inlineData: { mimeType: string; data: string } } | { fileData: { fileUri: string; mimeType: string } };

/**
 * A file as a prompt part, with the type its content was found to be: its bytes
 * inline, or for a large one on the Gemini API a Files API copy (uploaded once,
 * again when it expires).
 */
export async function promptPart(row: Attachment): Promise<PromptPart> {
  if (usesFilesApi(row.sizeBytes)) {
    if (row.geminiFileUri && copyStillValid(row.geminiFileExpiresAt)) {
      return { fileData: { fileUri: row.geminiFileUri, mimeType: row.mimeType } };
    }
    const copy = await uploadToGemini(await attachmentBytes(row), row.mimeType, row.name);
    await getDb().attachment.update({
      where: { id: row.id },
      data: { geminiFileUri: copy.uri, geminiFileExpiresAt: copy.expiresAt },
    });
    return { fileData: { fileUri: copy.uri, mimeType: row.mimeType } };
  }
  const bytes = await attachmentBytes(row);
  return { inlineData: { mimeType: row.mimeType, data: bytes.toString("base64") } };
}
