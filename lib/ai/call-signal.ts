// The abort signal of one model call (a streamed attempt, a summary): the
// caller hanging up and the model going quiet, told apart.
import { CallTimeoutError } from "./gemini-errors";

/**
 * The signal a model call hands the SDK: aborted when the caller's is, or when the
 * model stays quiet for `timeoutMs` (from each arm()). A plain controller, not AbortSignal.any():
 * on Node 20 a composite signal that gets an abort listener is kept in a
 * process-wide set until that listener is removed, and the SDK keeps its
 * listener after a successful call, so every call left its signal, the SDK's
 * own and what their listeners reach (~1.4 KB a call) alive for good
 * (tests/integration/ai-stream-memory.test.ts).
 */
export function callSignal(caller: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timeout: NodeJS.Timeout | undefined;
  let timedOut: CallTimeoutError | null = null;
  const onCallerAbort = () => controller.abort(caller!.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    /** (Re)starts the idle timer. */
    arm() {
      clearTimeout(timeout);
      timeout = setTimeout(() => controller.abort((timedOut = new CallTimeoutError(timeoutMs))), timeoutMs);
    },
    /** The timeout, if it fired before the caller hung up. */
    timedOut: () => (caller?.aborted ? null : timedOut),
    dispose() {
      clearTimeout(timeout);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}
