// Retrying a write through a database blip: only failures that say the database
// is unavailable (outage.ts) are retried, with doubling waits, for a bounded time;
// anything else, or the last failure past the deadline, is thrown.
import { isDatabaseUnavailable } from "./outage";

export interface RetryWindow {
  /** How long to keep trying, from the first attempt. */
  forMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export async function retryWhileUnavailable<T>(write: () => Promise<T>, w: RetryWindow): Promise<T> {
  const deadline = Date.now() + w.forMs;
  let delay = w.firstDelayMs ?? 50;
  for (;;) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + delay > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, w.maxDelayMs ?? 2_000);
    }
  }
}
