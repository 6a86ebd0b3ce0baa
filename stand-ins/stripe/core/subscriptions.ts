// Creating, cancelling, pausing and resuming subscriptions. Updates (plan
// switch, cancel at period end, pause_collection) are in subscription-update.ts;
// the clock-driven parts (renewals, dunning) in renewals.ts and lifecycle.ts.
import type { RequestRef, WirePrice, WireSubscription } from "../types";
import { addInterval } from "./clock";
import type { EmulatorCore } from "./emulator-core";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { createSubscriptionInvoice, markPaid } from "./invoicing";
import { billNewPeriod, collect, emitUpdated, endSubscription, subscriptionState } from "./renewals";
import { subscriptionItemShape, subscriptionShape } from "./shapes-billing";

export interface ItemSpec {
  price: WirePrice;
  quantity: number;
}

export interface NewSubscription {
  customerId: string;
  items: ItemSpec[];
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
  request: RequestRef;
  /** The hosted checkout page already authorised the first payment. */
  prepaid: boolean;
}

export function createSubscription(core: EmulatorCore, input: NewSubscription): WireSubscription {
  assertCompatible(
    input.items.map((item) => item.price),
    "items",
  );
  const at = core.now();
  const id = newId("sub");
  const recurring = input.items[0].price.recurring!;
  const trial = input.trialEnd !== null;
  const periodEnd = input.trialEnd ?? addInterval(at, recurring.interval, recurring.interval_count);
  const sub = subscriptionShape({
    id,
    customer: input.customerId,
    created: at,
    currency: input.items[0].price.currency,
    items: input.items.map((spec) =>
      subscriptionItemShape({
        id: newId("si"),
        subscription: id,
        created: at,
        price: spec.price,
        quantity: spec.quantity,
        periodStart: at,
        periodEnd,
      }),
    ),
    // Stripe creates a paid-up-front subscription as `incomplete` and flips it
    // to `active` once the first invoice is paid: apps see created, then updated.
    status: trial ? "trialing" : "incomplete",
    trialStart: trial ? at : null,
    trialEnd: input.trialEnd,
    metadata: input.metadata,
    description: input.description,
  });
  sub.billing_cycle_anchor = input.trialEnd ?? at;
  core.store.data.subscriptions[id] = sub;
  subscriptionState(core, id);
  const invoice = createSubscriptionInvoice(core, sub, {
    reason: "subscription_create",
    linePeriod: { start: at, end: periodEnd },
    invoicePeriod: { start: at, end: at },
    trial,
    at,
  });
  core.events.emit("customer.subscription.created", sub, { at, request: input.request });
  const before = structuredClone(sub);
  if (trial || input.prepaid) {
    markPaid(invoice, at);
    sub.status = trial ? "trialing" : "active";
    core.events.emit("invoice.paid", invoice, { at, request: input.request });
    emitUpdated(core, before, sub, at, input.request);
  } else {
    collect(core, sub, invoice, before, at, input.request);
  }
  return sub;
}

export function cancelNow(core: EmulatorCore, sub: WireSubscription, request: RequestRef): void {
  assertNotCanceled(sub);
  endSubscription(core, sub, core.now(), "cancellation_requested", request);
}

/** `POST /v1/subscriptions/:id/pause`: status becomes `paused`, no invoices until resumed. */
export function pauseSubscription(core: EmulatorCore, sub: WireSubscription, request: RequestRef): void {
  if (!["active", "trialing", "past_due"].includes(sub.status)) {
    throw invalidRequest(`A subscription with status '${sub.status}' cannot be paused.`);
  }
  const at = core.now();
  const before = structuredClone(sub);
  sub.status = "paused";
  sub.status_details = {
    paused: { subscription: { type: "pause_requested" }, transitioned_at: at, type: "subscription" },
  };
  subscriptionState(core, sub.id).dunning = null;
  core.events.emit("customer.subscription.paused", sub, { at, request, previous: { status: before.status } });
  emitUpdated(core, before, sub, at, request);
}

/** `POST /v1/subscriptions/:id/resume`: a new period starts now and is invoiced. */
export function resumeSubscription(core: EmulatorCore, sub: WireSubscription, request: RequestRef): void {
  if (sub.status !== "paused") throw invalidRequest("Only a subscription with status 'paused' can be resumed.");
  const at = core.now();
  const before = structuredClone(sub);
  sub.status = "active";
  delete sub.status_details;
  core.events.emit("customer.subscription.resumed", sub, { at, request, previous: { status: "paused" } });
  billNewPeriod(core, sub, { reason: "subscription_update", start: at, at, request, reanchor: true, before });
}

export function assertNotCanceled(sub: WireSubscription): void {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
}

export function assertCompatible(prices: WirePrice[], param: string): void {
  for (const price of prices) {
    if (!price.recurring) throw invalidRequest(`The price specified (${price.id}) is not a recurring price.`, param);
    if (!price.active) throw invalidRequest(`The price specified (${price.id}) is inactive.`, param);
  }
  const [first] = prices;
  const mismatch = prices.find(
    (p) => p.currency !== first.currency || p.recurring!.interval !== first.recurring!.interval,
  );
  if (mismatch)
    throw invalidRequest("Currency and interval fields must match across all plans on this subscription.", param);
}
