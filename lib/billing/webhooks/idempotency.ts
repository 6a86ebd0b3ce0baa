// Each event id is applied once, and only an attempt that finished counts: a
// row answers "duplicate" only once it is "processed" or "ignored". A claim in
// progress ("processing") answers "busy" (a non-2xx, so Stripe retries later),
// and a claim whose attempt died is retaken: at once when it was this server's
// (its attempt is no longer running here), after CLAIM_LEASE_MS otherwise (a
// crashed server). A failure marks the row "failed", retaken by the next retry.
//
// Plain SQL with group commit (lib/db/batch.ts): claims and finishes arriving
// together share one statement, since under a burst of deliveries the round
// trips, not the statements, are what the server spends its time on.
import { randomUUID } from "node:crypto";
import { createBatcher } from "@/lib/db/batch";
import { query } from "@/lib/db/sql";
import { eventClaims, eventFailed, eventRetake, eventsFinished } from "../statements";

export type Claim = "claimed" | "duplicate" | "busy";

/** A claim older than this belongs to an attempt that died with its server and may be retaken. */
export const CLAIM_LEASE_MS = 30_000;

/** This server process: its claims are retaken at once once no attempt of its own runs them. */
export const CLAIMER = randomUUID();

interface ClaimRequest {
  id: string;
  type: string;
}

// One INSERT for the whole batch; an id is "inserted" only if its row is new.
const insertClaims = createBatcher<ClaimRequest, boolean>(async (items) => {
  const ids = items.map((c) => c.id);
  const rows = await query<{ id: string }>(eventClaims(items, CLAIMER, new Date()));
  const inserted = new Set(rows.map((r) => r.id));
  return ids.map((id) => inserted.delete(id));
});

/** Call only when no attempt of this process is running for `id` (see process-event.ts). */
export async function claimEvent(id: string, type: string): Promise<Claim> {
  if (await insertClaims({ id, type })) return "claimed";
  // Conditional update: of two concurrent retries only one retakes the row.
  const [row] = await query<{ retaken: boolean; status: string }>(
    eventRetake(id, CLAIMER, new Date(), new Date(Date.now() - CLAIM_LEASE_MS)),
  );
  if (row?.retaken) return "claimed";
  return row?.status === "processed" || row?.status === "ignored" ? "duplicate" : "busy";
}

interface Finish {
  id: string;
  status: "processed" | "ignored";
}

const updateFinished = createBatcher<Finish, void>(async (items) => {
  await query(eventsFinished(items, new Date()));
  return items.map(() => undefined);
});

export function finishEvent(id: string, status: "processed" | "ignored"): Promise<void> {
  return updateFinished({ id, status });
}

export async function failEvent(id: string, error: unknown): Promise<void> {
  // Only the error's class and message: never payloads or secrets.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await query(eventFailed(id, message.slice(0, 500)));
}
