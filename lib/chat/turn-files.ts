// The files of a turn: the new message's (the caller's own, not sent yet) and
// those of earlier messages still in the history window, sent again every turn
// (the API keeps no state). Their token estimates go into the prompt's estimate
// before the hold; their prompt parts are made only after it is granted, since a
// large file is uploaded to Gemini's Files API then. A file that cannot be sent
// settles the hold unspent.
import type { Content } from "@/lib/ai/stream-model";
import type { Identity } from "@/lib/auth/identity";
import type { Attachment, Message } from "@/lib/db/generated/client";
import { filesForMessage, filesOfMessages, inlineBytes, MAX_INLINE_BYTES, promptPart } from "@/lib/files/attachments";
import { AppError } from "@/lib/http/app-error";
import type { Logger } from "pino";
import type { CallUsage, SpendGuard, SpendHold } from "./spend-guard";

/** A message of the window: a stored one (with an id) or the new one. */
type WindowMessage = Pick<Message, "role" | "content"> & { id?: string };

export interface TurnFiles {
  of: (m: WindowMessage) => Attachment[];
  all: Attachment[];
  tokens: number;
  newIds: string[];
}

export async function turnFiles(
  identity: Identity,
  newMessageFiles: readonly string[] | null,
  window: readonly WindowMessage[],
): Promise<TurnFiles> {
  const newFiles = newMessageFiles ? await filesForMessage(identity, newMessageFiles) : [];
  const stored = await filesOfMessages(window.flatMap((m) => (m.id ? [m.id] : [])));
  const of = (m: WindowMessage) => (m.id ? (stored.get(m.id) ?? []) : newFiles);
  const all = window.flatMap(of);
  if (inlineBytes(all) > MAX_INLINE_BYTES) {
    throw new AppError(
      "payload_too_large:attachment",
      "The files in this conversation are too large to send together. Start a new chat for this file.",
    );
  }
  return { of, all, tokens: all.reduce((sum, f) => sum + f.tokenEstimate, 0), newIds: newFiles.map((f) => f.id) };
}

/** The settlement of a hold whose call never started: nothing was sent, nothing is charged. */
function unservedCall(model: string, conversationId: string): CallUsage {
  return {
    model,
    inputTokens: 0,
    cachedTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    totalTokens: 0,
    costMicros: 0,
    estimated: false,
    latencyMs: 0,
    outcome: "error",
    conversationId,
    messageId: null,
    purpose: "chat",
  };
}

/** The window as contents, each message's files before its text; called once the hold is granted. */
export async function windowContents(
  files: TurnFiles,
  window: readonly WindowMessage[],
  held: { guard: SpendGuard; hold: SpendHold; model: string; conversationId: string; log: Logger },
): Promise<Content[]> {
  let parts: Map<string, Awaited<ReturnType<typeof promptPart>>>;
  try {
    parts = new Map(await Promise.all(files.all.map(async (f) => [f.id, await promptPart(f)] as const)));
  } catch (err) {
    await held.guard.afterCall(held.hold, unservedCall(held.model, held.conversationId));
    held.log.warn({ err }, "a file could not be sent to Gemini");
    throw new AppError("upstream:chat", "A file could not be sent to Gemini. Try again in a moment.", { cause: err });
  }
  return window.map((m) => ({
    role: m.role,
    parts: [...files.of(m).map((f) => parts.get(f.id)!), { text: m.content }],
  }));
}
