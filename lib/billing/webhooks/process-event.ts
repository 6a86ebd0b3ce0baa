// The webhook's whole story: verify, claim once, dispatch, record the outcome.
// Only a finished attempt answers "duplicate": a copy arriving while this server
// still applies the event waits for that attempt and shares its outcome; one
// claimed elsewhere and still in progress gets a 409 so Stripe retries later.
import type Stripe from "stripe";
import type { Logger } from "pino";
import { AppError } from "@/lib/http/app-error";
import { claimEvent, failEvent, finishEvent } from "./idempotency";
import { dispatchEvent } from "./dispatch";
import { checkEventShape, isMalformedEvent, isUnknownToStripe, recordIgnored } from "./refusals";
import { verifyEvent } from "./verify";

export type WebhookOutcome = "processed" | "ignored" | "duplicate";

// Attempts running in this process, by event id (claimEvent() relies on it: a
// claim of ours with no attempt here is a dead one).
const running = new Map<string, Promise<WebhookOutcome>>();

const BUSY_RETRY_SECONDS = 10;

export async function processWebhook(rawBody: string, signature: string | null, log: Logger): Promise<WebhookOutcome> {
  const event: unknown = verifyEvent(rawBody, signature);
  checkEventShape(event);
  const inFlight = running.get(event.id);
  if (inFlight) {
    // Same outcome as the attempt in progress: a duplicate once it applied, its error if it failed.
    await inFlight;
    return "duplicate";
  }
  const attempt = claimAndApply(event, log);
  running.set(event.id, attempt);
  try {
    return await attempt;
  } finally {
    running.delete(event.id);
  }
}

async function claimAndApply(event: Stripe.Event, log: Logger): Promise<WebhookOutcome> {
  const claim = await claimEvent(event.id, event.type);
  if (claim === "duplicate") return "duplicate";
  if (claim === "busy") {
    throw new AppError("conflict:webhook", "This event is being processed; retry later.", {
      headers: { "retry-after": String(BUSY_RETRY_SECONDS) },
    });
  }
  try {
    const handled = await dispatchEvent(event);
    await finishEvent(event.id, handled ? "processed" : "ignored");
    return handled ? "processed" : "ignored";
  } catch (err) {
    if (isUnknownToStripe(err)) {
      log.warn({ eventId: event.id, type: event.type }, "stripe webhook for an object Stripe does not know");
      await recordIgnored(event.id, "Stripe does not know this event's customer; nothing to apply.");
      return "ignored";
    }
    if (isMalformedEvent(err)) {
      log.warn({ eventId: event.id, type: event.type, err }, "stripe webhook event malformed");
      await recordIgnored(event.id, `Malformed event: ${err instanceof Error ? err.message : String(err)}`);
      throw new AppError("bad_request:webhook", "The event is signed but malformed; it was recorded and not applied.");
    }
    log.error({ eventId: event.id, type: event.type, err }, "stripe webhook processing failed");
    // If this fails too (the database is gone), the claim stays ours with no
    // attempt running: the next delivery here retakes it at once.
    await failEvent(event.id, err).catch((e: unknown) =>
      log.warn({ eventId: event.id, err: e }, "could not mark the webhook event failed"),
    );
    // 5xx so Stripe retries; the message hides internals.
    throw new AppError("unavailable:webhook", "Webhook processing failed; it will be retried.", { cause: err });
  }
}
