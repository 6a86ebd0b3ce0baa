// Each event id is applied once. The row is claimed before processing; a
// failure marks it "failed" so Stripe's retry may claim it again.
//
// Plain SQL with group commit (lib/db/batch.ts): claims and finishes arriving
// together share one statement, since under a burst of deliveries the round
// trips, not the statements, are what the server spends its time on.
import { createBatcher } from "@/lib/db/batch";
import { query, sql } from "@/lib/db/sql";

export type Claim = "claimed" | "duplicate";

// A "processing" row older than this belongs to a crashed attempt and may be retaken.
const STALE_PROCESSING_MS = 60_000;

interface ClaimRequest {
  id: string;
  type: string;
}

// One INSERT for the whole batch; an id is "inserted" only if its row is new.
// The same id twice in one batch (a concurrent redelivery) is claimed by the
// first caller only: the others go through the retake path and find it taken.
const insertClaims = createBatcher<ClaimRequest, boolean>(async (items) => {
  const ids = items.map((c) => c.id);
  const rows = await query<{ id: string }>(sql`
    INSERT INTO processed_webhook_events (id, type, status, received_at)
    SELECT u.id, u.type, 'processing', ${new Date()}::timestamp
    FROM unnest(${ids}::text[], ${items.map((c) => c.type)}::text[]) AS u(id, type)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  const inserted = new Set(rows.map((r) => r.id));
  return ids.map((id) => inserted.delete(id));
});

export async function claimEvent(id: string, type: string): Promise<Claim> {
  if (await insertClaims({ id, type })) return "claimed";
  // Conditional update: of two concurrent retries only one retakes the row.
  const retaken = await query<{ id: string }>(sql`
    UPDATE processed_webhook_events
    SET status = 'processing', received_at = ${new Date()}::timestamp, error = NULL
    WHERE id = ${id}
      AND (status = 'failed'
        OR (status = 'processing' AND received_at < ${new Date(Date.now() - STALE_PROCESSING_MS)}::timestamp))
    RETURNING id`);
  return retaken.length === 1 ? "claimed" : "duplicate";
}

interface Finish {
  id: string;
  status: "processed" | "ignored";
}

const updateFinished = createBatcher<Finish, void>(async (items) => {
  await query(sql`
    UPDATE processed_webhook_events AS e
    SET status = u.status, processed_at = ${new Date()}::timestamp
    FROM unnest(${items.map((f) => f.id)}::text[], ${items.map((f) => f.status)}::text[]) AS u(id, status)
    WHERE e.id = u.id`);
  return items.map(() => undefined);
});

export function finishEvent(id: string, status: "processed" | "ignored"): Promise<void> {
  return updateFinished({ id, status });
}

export async function failEvent(id: string, error: unknown): Promise<void> {
  // Only the error's class and message: never payloads or secrets.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await query(sql`
    UPDATE processed_webhook_events SET status = 'failed', error = ${message.slice(0, 500)}
    WHERE id = ${id}`);
}
