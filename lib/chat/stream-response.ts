// Turns a prepared turn into an SSE response. The model call stops when the
// client goes away (request aborted or stream cancelled), and the answer is
// still stored, marked partial, with estimated usage.
//
// The first delta leaves the moment it arrives: time to first token waits on
// nothing of ours. After it, events emitted together (a burst of model chunks
// read in one go) leave in one write: the first of a burst is queued and the
// rest join it until the event loop turns, so a fast answer costs two socket
// writes instead of one per chunk.
import { AppError } from "@/lib/http/app-error";
import { encodeEvents, eventText, type ChatEvent } from "./events";
import type { PreparedTurn } from "./prepare-turn";
import { runTurn } from "./run-turn";

export function streamTurn(turn: PreparedTurn, requestSignal: AbortSignal): Response {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  let open = true;

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let pending: string[] = [];
      const flush = () => {
        const burst = pending;
        pending = [];
        if (open && burst.length > 0) controller.enqueue(encodeEvents(burst));
      };
      let firstDelta = true;
      const emit = (event: ChatEvent) => {
        if (!open) return;
        pending.push(eventText(event));
        if (event.type === "delta" && firstDelta) {
          firstDelta = false;
          flush(); // with anything queued before it, in order; a flush already scheduled finds nothing
        } else if (pending.length === 1) setImmediate(flush);
      };
      emit({
        type: "meta",
        conversationId: turn.conversationId,
        userMessageId: turn.userMessageId,
        messageId: turn.messageId,
        model: turn.decision.model.id,
        routingReason: turn.decision.reason,
        emulator: turn.emulator,
      });
      try {
        await runTurn(turn, emit, stop.signal);
      } catch (err) {
        // An expected refusal (the conversation was deleted meanwhile) says what happened; anything else is ours.
        if (err instanceof AppError) {
          turn.log.info({ code: err.code, messageId: turn.messageId }, "chat turn ended early");
          emit({ type: "error", code: err.code, message: err.message });
        } else {
          turn.log.error({ err, messageId: turn.messageId }, "chat turn failed");
          emit({
            type: "error",
            code: "internal:chat",
            message: "Something went wrong on our side. Please try again.",
          });
        }
      } finally {
        requestSignal.removeEventListener("abort", onAbort);
        flush();
        if (open) {
          open = false;
          controller.close();
        }
      }
    },
    cancel() {
      open = false;
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
