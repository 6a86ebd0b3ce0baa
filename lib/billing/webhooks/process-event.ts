// The webhook's whole story: verify, claim once, dispatch, record the outcome.
import { AppError } from "@/lib/http/app-error";
import type { Logger } from "pino";
import { claimEvent, failEvent, finishEvent } from "./idempotency";
import { dispatchEvent } from "./dispatch";
import { verifyEvent } from "./verify";

export type WebhookOutcome = "processed" | "ignored" | "duplicate";

export async function processWebhook(rawBody: string, signature: string | null, log: Logger): Promise<WebhookOutcome> {
  const event = verifyEvent(rawBody, signature);
  if ((await claimEvent(event.id, event.type)) === "duplicate") return "duplicate";
  try {
    const handled = await dispatchEvent(event);
    await finishEvent(event.id, handled ? "processed" : "ignored");
    return handled ? "processed" : "ignored";
  } catch (err) {
    log.error({ eventId: event.id, type: event.type, err }, "stripe webhook processing failed");
    await failEvent(event.id, err);
    // 5xx so Stripe retries; the message hides internals.
    throw new AppError("unavailable:webhook", "Webhook processing failed; it will be retried.", { cause: err });
  }
}
