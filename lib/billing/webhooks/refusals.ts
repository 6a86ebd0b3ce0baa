// Events that retrying cannot fix, told apart from real failures (which answer
// 503 so Stripe retries): both are recorded as "ignored" with the reason, where
// the admin webhook log shows them, and acknowledged or refused once for all.
// - A signed event that is malformed (no id, type or object; a field a handler
//   needs missing): 400, Stripe stops sending it.
// - An event for a customer Stripe itself no longer knows (deleted, or from
//   another account's test data): 200, nothing to apply.
import type Stripe from "stripe";
import { z } from "zod";
import { query } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { eventIgnored } from "../statements";

const eventShape = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** Throws bad_request when a verified event has not the shape of a Stripe event. */
export function checkEventShape(event: unknown): asserts event is Stripe.Event {
  if (!eventShape.safeParse(event).success) {
    throw new AppError("bad_request:webhook", "The event is signed but is not a well-formed Stripe event.");
  }
}

/** Stripe answered that the object (the customer) does not exist. */
export function isUnknownToStripe(err: unknown): boolean {
  const e = err as { type?: string; code?: string } | null;
  return e?.type === "StripeInvalidRequestError" && e.code === "resource_missing";
}

/** A handler that met a field of the wrong type: the event is malformed, not our failure. */
export function isMalformedEvent(err: unknown): boolean {
  return err instanceof TypeError || (err instanceof AppError && err.type === "bad_request");
}

export async function recordIgnored(id: string, reason: string): Promise<void> {
  await query(eventIgnored(id, reason.slice(0, 500), new Date()));
}
