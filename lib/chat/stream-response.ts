// Turns a prepared turn into an SSE response. The model call stops when the
// client goes away (request aborted or stream cancelled), and the answer is
// still stored, marked partial, with estimated usage.
import { encodeEvent, type ChatEvent } from "./events";
import type { PreparedTurn } from "./prepare-turn";
import { runTurn } from "./run-turn";

export function streamTurn(turn: PreparedTurn, requestSignal: AbortSignal): Response {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  let open = true;

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: ChatEvent) => {
        if (open) controller.enqueue(encodeEvent(event));
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
        turn.log.error({ err, messageId: turn.messageId }, "chat turn failed");
        emit({ type: "error", code: "internal:chat", message: "Something went wrong on our side. Please try again." });
      } finally {
        requestSignal.removeEventListener("abort", onAbort);
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
