// An answer is stored as "streaming" when its turn starts and gets its final
// state when the turn ends. If the server stops in between, nothing would ever
// finish it, so the turn holds a lease on the row (alive_until) and renews it
// while it runs. A "streaming" answer whose lease ran out was cut off: whoever
// reads it next marks it as an interrupted error, which the user can retry.
import type { Message } from "@/lib/db/generated/client";
import { joinSql, query, sql } from "@/lib/db/sql";

export const STREAM_LEASE_MS = 120_000;
const RENEW_EVERY_MS = STREAM_LEASE_MS / 4;

export const INTERRUPTED_DETAIL = "This answer was interrupted before it finished (the server stopped). Retry it.";

export function leaseUntil(now: number): Date {
  return new Date(now + STREAM_LEASE_MS);
}

/** Renews the answer's lease until the returned function is called. */
export function keepAlive(answerId: string, everyMs = RENEW_EVERY_MS): () => void {
  const timer = setInterval(() => {
    void query(sql`UPDATE messages SET alive_until = ${leaseUntil(Date.now())}::timestamp
      WHERE id = ${answerId} AND status = 'streaming'`).catch(() => undefined); // the next tick tries again
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function lapsed(m: Message, now: number): boolean {
  if (m.status !== "streaming") return false;
  // Rows from before leases existed: their lease is counted from creation.
  const until = m.aliveUntil ?? new Date(m.createdAt.getTime() + STREAM_LEASE_MS);
  return until.getTime() < now;
}

/**
 * Marks answers whose lease lapsed as interrupted, in the database (only if still
 * streaming and still lapsed, so a turn that just finished keeps its answer) and
 * in the list returned.
 */
export async function settleInterrupted(messages: Message[], now = Date.now()): Promise<Message[]> {
  const stale = messages.filter((m) => lapsed(m, now));
  if (stale.length === 0) return messages;
  const rows = await query<{ id: string }>(sql`
    UPDATE messages SET status = 'error', status_detail = ${INTERRUPTED_DETAIL}
    WHERE id IN (${joinSql(stale.map((m) => m.id))}) AND status = 'streaming'
      AND COALESCE(alive_until, created_at + ${STREAM_LEASE_MS} * interval '1 millisecond') < ${new Date(now)}::timestamp
    RETURNING id`);
  const marked = new Set(rows.map((r) => r.id));
  return messages.map((m) =>
    marked.has(m.id) ? { ...m, status: "error" as const, statusDetail: INTERRUPTED_DETAIL } : m,
  );
}
