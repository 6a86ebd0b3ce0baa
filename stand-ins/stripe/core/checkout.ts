// Completing a Checkout Session from the hosted page: check the card, create
// the customer if needed, start the subscription, mark the session complete.
import { NO_REQUEST, type WireCheckoutSession } from "../types";
import { DAY } from "./clock";
import type { EmulatorCore } from "./emulator-core";
import { newId } from "./ids";
import { runDueWork } from "./lifecycle";
import { customerShape } from "./shapes-catalog";
import { createSubscription } from "./subscriptions";
import { evaluateCard } from "./test-cards";

export interface CheckoutSubmission {
  cardNumber: string;
  email: string | null;
  name: string | null;
}

export type CheckoutResult =
  { ok: true; session: WireCheckoutSession; redirectTo: string | null } | { ok: false; error: string };

export function completeCheckout(
  core: EmulatorCore,
  sessionId: string,
  submission: CheckoutSubmission,
): CheckoutResult {
  const session = core.store.data.checkoutSessions[sessionId];
  const state = core.store.data.checkoutState[sessionId];
  if (!session || !state) return { ok: false, error: "This Checkout Session does not exist." };
  if (session.status !== "open") return { ok: false, error: "This Checkout Session is no longer active." };
  const now = core.now();
  if (session.expires_at <= now) {
    session.status = "expired";
    // As Stripe: a session's url is "only present when the session is active" (SDK types).
    session.url = null;
    core.events.emit("checkout.session.expired", session);
    return { ok: false, error: "This Checkout Session has expired." };
  }
  const trialEnd = state.trialEnd ?? (state.trialPeriodDays ? now + state.trialPeriodDays * DAY : null);
  const card = evaluateCard(submission.cardNumber, trialEnd === null);
  if (!card.ok) return { ok: false, error: card.message };
  const email = session.customer_email ?? submission.email;
  let customerId = typeof session.customer === "string" ? session.customer : null;
  if (!customerId) {
    if (!email) return { ok: false, error: "Enter an email address." };
    const customer = customerShape({
      id: newId("cus"),
      created: now,
      email,
      name: submission.name,
      description: null,
      phone: null,
      metadata: {},
    });
    core.insertCustomer(customer);
    core.events.emit("customer.created", customer);
    customerId = customer.id;
  }
  if (card.failsLater) core.setFailPayments(customerId, true);
  const sub = createSubscription(core, {
    customerId,
    items: state.lineItems.map((item) => ({ price: core.price(item.price!.id), quantity: item.quantity ?? 1 })),
    trialEnd,
    metadata: state.subscriptionMetadata,
    description: state.subscriptionDescription,
    request: NO_REQUEST,
    prepaid: true,
  });
  const customer = core.customer(customerId);
  Object.assign(session, {
    status: "complete",
    url: null,
    payment_status: trialEnd === null ? "paid" : "no_payment_required",
    customer: customerId,
    subscription: sub.id,
    invoice: sub.latest_invoice,
    customer_details: {
      address: null,
      business_name: null,
      email: customer.email,
      individual_name: null,
      name: submission.name ?? customer.name ?? null,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    },
  } satisfies Partial<WireCheckoutSession>);
  core.store.markDirty();
  core.events.emit("checkout.session.completed", session);
  runDueWork(core);
  const redirectTo = session.success_url?.replaceAll("{CHECKOUT_SESSION_ID}", session.id) ?? null;
  return { ok: true, session, redirectTo };
}
