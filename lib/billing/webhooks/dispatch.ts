// Sends each event type to its own handler. Unknown types are recorded as
// "ignored" so Stripe stops sending them and we can see they arrived.
import type Stripe from "stripe";
import { checkoutSessionCompleted } from "./handlers/checkout-session-completed";
import { customerSubscriptionChanged } from "./handlers/customer-subscription-changed";
import { customerSubscriptionTrialWillEnd } from "./handlers/customer-subscription-trial-will-end";
import { invoicePaid } from "./handlers/invoice-paid";
import { invoicePaymentFailed } from "./handlers/invoice-payment-failed";
import type { WebhookHandler } from "./handler";

const HANDLERS: Record<string, WebhookHandler> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionChanged,
  "customer.subscription.updated": customerSubscriptionChanged,
  "customer.subscription.deleted": customerSubscriptionChanged,
  "customer.subscription.paused": customerSubscriptionChanged,
  "customer.subscription.resumed": customerSubscriptionChanged,
  "customer.subscription.trial_will_end": customerSubscriptionTrialWillEnd,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};

export const HANDLED_EVENT_TYPES = Object.keys(HANDLERS);

/** Returns false when the event type is not one we act on. */
export async function dispatchEvent(event: Stripe.Event): Promise<boolean> {
  const handler = HANDLERS[event.type];
  if (!handler) return false;
  await handler(event, eventNow(event));
  return true;
}

// Judge grace periods at the later of our clock and the newest event time seen:
// with Stripe these agree; with the emulator's advanced clock the events know
// better. Never earlier than before, so a late old event cannot turn time back.
let newestEventMs = 0;
function eventNow(event: Stripe.Event): Date {
  newestEventMs = Math.max(newestEventMs, event.created * 1000);
  return new Date(Math.max(Date.now(), newestEventMs));
}
