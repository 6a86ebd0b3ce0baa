// Turns a prepared turn into an SSE response. The model call and the opening
// writes start together, so the database is not on the time-to-first-token
// path, but nothing reaches the client before the writes are done: `meta` means
// the message is stored. If they fail (after retries), the model call is stopped
// and the request answers 503 unavailable:message, a plain HTTP error, so the
// composer keeps the text to send again. The model call stops when the client
// goes away, and the answer is still stored, marked partial, with estimated usage.
//
// The first delta leaves the moment it can: time to first token waits on
// nothing else of ours. After it, events emitted together (a burst of model
// chunks read in one go) leave in one write: the first of a burst is queued and
// the rest join it until the event loop turns, so a fast answer costs two socket
// writes instead of one per chunk.
//
// A new conversation's first answer is followed by its written title
// (auto-title.ts, CHAT_TITLES), after `done`: the composer is free by then.
import { env } from "@/lib/config/env";
import { isDatabaseUnavailable, noteDatabaseUnavailable } from "@/lib/db/outage";
import { AppError } from "@/lib/http/app-error";
import { databaseUnavailable } from "@/lib/http/db-unavailable";
import { encodeEvents, eventText, type ChatEvent } from "./events";
import type { PreparedTurn } from "./prepare-turn";
import { writeTitle } from "./auto-title";
import { runTurn, type TurnResult } from "./run-turn";
import { storeOpening } from "./store-turn";

export async function streamTurn(turn: PreparedTurn, requestSignal: AbortSignal): Promise<Response> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  const out = eventQueue();
  const stored = storeOpening(turn.opening);
  const ran = runTurn(turn, stored, out.emit, stop.signal).then(
    (result) => ({ result, err: null }),
    (err: unknown) => ({ result: null, err }),
  );
  try {
    await stored;
  } catch (err) {
    // Nothing was shown: stop the call (it is still settled) and refuse the request.
    stop.abort();
    requestSignal.removeEventListener("abort", onAbort);
    void ran;
    throw notStored(err, turn);
  }

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      out.attach(controller, {
        type: "meta",
        conversationId: turn.conversationId,
        userMessageId: turn.userMessageId,
        messageId: turn.messageId,
        model: turn.decision.model.id,
        routingReason: turn.decision.reason,
        emulator: turn.emulator,
      });
      void ran.then(async ({ result, err }) => {
        if (err) out.emit(errorEvent(err, turn));
        else if (result) await titleAfter(turn, result, out.emit, stop.signal);
        requestSignal.removeEventListener("abort", onAbort);
        out.close();
      });
    },
    cancel() {
      out.cancel();
      stop.abort();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** A new conversation's written title, sent after `done` while the client still listens. */
async function titleAfter(turn: PreparedTurn, result: TurnResult, emit: (e: ChatEvent) => void, stop: AbortSignal) {
  const question = turn.opening.userMessage?.content;
  const answered = result.message.status === "complete" || result.message.status === "partial";
  if (env().CHAT_TITLES !== "model" || turn.opening.newTitle === null) return;
  if (!question || !answered || stop.aborted) return;
  const title = await writeTitle(turn, question, result.message.content).catch((err: unknown) => {
    turn.log.warn({ err, conversationId: turn.conversationId }, "writing the title failed");
    return null;
  });
  if (title !== null) emit({ type: "title", conversationId: turn.conversationId, title });
}

/** Why the message could not be stored, as the request's error. */
function notStored(err: unknown, turn: PreparedTurn): unknown {
  if (err instanceof AppError) return err;
  if (!isDatabaseUnavailable(err)) return err;
  noteDatabaseUnavailable(turn.log, err);
  return databaseUnavailable(
    "message",
    err,
    "Your message could not be saved, so it was not sent. It is still in the box: send it again in a few seconds.",
  );
}

function errorEvent(err: unknown, turn: PreparedTurn): ChatEvent {
  // An expected refusal (the conversation was deleted meanwhile) says what happened; anything else is ours.
  if (err instanceof AppError) {
    turn.log.info({ code: err.code, messageId: turn.messageId }, "chat turn ended early");
    return { type: "error", code: err.code, message: err.message };
  }
  if (isDatabaseUnavailable(err)) {
    noteDatabaseUnavailable(turn.log, err);
    const e = databaseUnavailable("chat");
    return { type: "error", code: e.code, message: e.message };
  }
  turn.log.error({ err, messageId: turn.messageId }, "chat turn failed");
  return { type: "error", code: "internal:chat", message: "Something went wrong on our side. Please try again." };
}

/** Events in order, held until the stream is attached (after `meta`), then written in bursts. */
function eventQueue() {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let open = true;
  let pending: string[] = [];
  // The first thought summary and the first answer text are what the user waits for.
  const firsts = new Set<ChatEvent["type"]>(["delta", "thinking"]);
  const flush = () => {
    const burst = pending;
    pending = [];
    if (open && controller && burst.length > 0) controller.enqueue(encodeEvents(burst));
  };
  return {
    emit(event: ChatEvent) {
      if (!open) return;
      pending.push(eventText(event));
      if (!controller) return;
      if (firsts.delete(event.type)) {
        flush(); // with anything queued before it, in order; a flush already scheduled finds nothing
      } else if (pending.length === 1) setImmediate(flush);
    },
    attach(c: ReadableStreamDefaultController<Uint8Array>, first: ChatEvent) {
      controller = c;
      const held = pending;
      pending = [eventText(first), ...held];
      for (const type of [...firsts]) if (held.some((t) => t.startsWith(`event: ${type}\n`))) firsts.delete(type);
      flush();
    },
    close() {
      flush();
      if (open) {
        open = false;
        controller?.close();
      }
    },
    cancel() {
      open = false;
    },
  };
}
