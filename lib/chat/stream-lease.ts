// An answer row in "streaming" state carries a lease (alive_until) that its
// turn renews while the model streams, with the text so far and the hold of the
// call in flight. A streaming answer whose lease ran out was cut off (its server
// died): dead-turns.ts settles its hold at the estimate and marks it interrupted,
// which the user can retry at once.
import type { Message } from "@/lib/db/generated/client";
import { query } from "@/lib/db/sql";
import { leaseRenewal } from "./statements";

export const STREAM_LEASE_MS = 20_000;
const RENEW_EVERY_MS = 5_000;

export const INTERRUPTED_DETAIL = "This answer was interrupted before it finished (the server stopped). Retry it.";

export function leaseUntil(now: number): Date {
  return new Date(now + STREAM_LEASE_MS);
}

/** What a renewal records of the turn: the text streamed so far and the hold of the call in flight. */
export interface TurnProgress {
  text: string;
  holdId: string | null;
}

/** Renews the answer's lease (and records `progress`) until the returned function is called. */
export function keepAlive(answerId: string, progress?: () => TurnProgress, everyMs = RENEW_EVERY_MS): () => void {
  const timer = setInterval(() => {
    // The next tick tries again.
    void query(leaseRenewal(answerId, leaseUntil(Date.now()), progress?.())).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function lapsed(m: Pick<Message, "status" | "aliveUntil" | "createdAt">, now: number): boolean {
  if (m.status !== "streaming") return false;
  // Rows from before leases existed: their lease is counted from creation.
  const until = m.aliveUntil ?? new Date(m.createdAt.getTime() + STREAM_LEASE_MS);
  return until.getTime() < now;
}
