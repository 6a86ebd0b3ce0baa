// Billing a new period and collecting the money, shared by the test clock
// (renewals, trial ends, dunning retries) and by user actions (resume, plan
// interval switch). Each function emits the events Stripe would, in its order.
import type { RequestRef, WireInvoice, WireSubscription } from "../types";
import { NO_REQUEST } from "../types";
import { DAY, nextPeriodEnd } from "./clock";
import type { EmulatorCore } from "./emulator-core";
import { previousAttributes } from "./event-log";
import { chargeSucceeds, createSubscriptionInvoice, markFailed, markPaid, markPausedCollection } from "./invoicing";

export interface BillOptions {
  reason: NonNullable<WireInvoice["billing_reason"]>;
  /** Start of the new period (the old period end, the trial end, or now). */
  start: number;
  at: number;
  request?: RequestRef;
  /** Re-anchor the billing cycle at `start` (resume, interval switch). */
  reanchor?: boolean;
  /** State to report in `previous_attributes` when the caller already changed something. */
  before?: WireSubscription;
}

/** Moves the subscription into a new period, invoices it and tries to collect. */
export function billNewPeriod(core: EmulatorCore, sub: WireSubscription, options: BillOptions): WireInvoice {
  const before = options.before ?? structuredClone(sub);
  const request = options.request ?? NO_REQUEST;
  const first = sub.items.data[0];
  const previous = { start: first.current_period_start, end: first.current_period_end };
  if (options.reanchor) sub.billing_cycle_anchor = options.start;
  const recurring = first.price.recurring;
  const end = nextPeriodEnd(
    sub.billing_cycle_anchor,
    recurring?.interval ?? "month",
    recurring?.interval_count ?? 1,
    options.start,
  );
  for (const item of sub.items.data) {
    item.current_period_start = options.start;
    item.current_period_end = end;
  }
  const invoice = createSubscriptionInvoice(core, sub, {
    reason: options.reason,
    linePeriod: { start: options.start, end },
    invoicePeriod: previous,
    trial: false,
    at: options.at,
  });
  if (sub.status === "trialing") sub.status = "active";
  if (sub.pause_collection) {
    markPausedCollection(invoice, sub.pause_collection.behavior, options.at);
    emitUpdated(core, before, sub, options.at, request);
    return invoice;
  }
  if (sub.status === "unpaid") {
    // Stripe stops attempting invoices of unpaid subscriptions.
    invoice.auto_advance = false;
    emitUpdated(core, before, sub, options.at, request);
    return invoice;
  }
  collect(core, sub, invoice, before, options.at, request);
  return invoice;
}

/** Tries to charge `invoice`; on failure the subscription enters dunning. */
export function collect(
  core: EmulatorCore,
  sub: WireSubscription,
  invoice: WireInvoice,
  before: WireSubscription,
  at: number,
  request: RequestRef,
): void {
  const state = subscriptionState(core, sub.id);
  if (chargeSucceeds(core, invoice)) {
    markPaid(invoice, at);
    if (sub.status === "past_due" || sub.status === "incomplete") sub.status = "active";
    state.dunning = null;
    emitUpdated(core, before, sub, at, request);
    core.events.emit("invoice.paid", invoice, { at, request });
    return;
  }
  if (sub.status === "incomplete") {
    // A first payment that fails leaves the subscription incomplete; Stripe
    // does not run dunning on it.
    markFailed(invoice, null);
    core.events.emit("invoice.payment_failed", invoice, { at, request });
    emitUpdated(core, before, sub, at, request);
    return;
  }
  const retries = core.config.dunning.retryDays;
  const nextAttemptAt = retries.length > 0 ? at + retries[0] * DAY : null;
  markFailed(invoice, nextAttemptAt);
  sub.status = "past_due";
  state.dunning = { invoiceId: invoice.id, attempts: 1, nextAttemptAt };
  core.events.emit("invoice.payment_failed", invoice, { at, request });
  emitUpdated(core, before, sub, at, request);
  if (nextAttemptAt === null) exhaustRetries(core, sub, at);
}

/** A scheduled dunning retry of the subscription's failed invoice. */
export function retryPayment(core: EmulatorCore, sub: WireSubscription, at: number): void {
  const state = subscriptionState(core, sub.id);
  const dunning = state.dunning;
  if (!dunning) return;
  const invoice = core.invoice(dunning.invoiceId);
  const before = structuredClone(sub);
  if (chargeSucceeds(core, invoice)) {
    markPaid(invoice, at);
    sub.status = "active";
    state.dunning = null;
    core.events.emit("invoice.paid", invoice, { at });
    emitUpdated(core, before, sub, at, NO_REQUEST);
    return;
  }
  const retries = core.config.dunning.retryDays;
  dunning.attempts += 1;
  const delay = retries[dunning.attempts - 1];
  dunning.nextAttemptAt = delay === undefined ? null : at + delay * DAY;
  markFailed(invoice, dunning.nextAttemptAt);
  core.events.emit("invoice.payment_failed", invoice, { at });
  if (dunning.nextAttemptAt === null) exhaustRetries(core, sub, at);
}

/** Every retry failed: apply the account's "after all retries fail" setting. */
function exhaustRetries(core: EmulatorCore, sub: WireSubscription, at: number): void {
  subscriptionState(core, sub.id).dunning = null;
  if (core.config.dunning.finalAction === "cancel") {
    endSubscription(core, sub, at, "payment_failed", NO_REQUEST);
    return;
  }
  const before = structuredClone(sub);
  sub.status = "unpaid";
  emitUpdated(core, before, sub, at, NO_REQUEST);
}

/** Cancels now; Stripe reports it as `customer.subscription.deleted`. */
export function endSubscription(
  core: EmulatorCore,
  sub: WireSubscription,
  at: number,
  reason: "cancellation_requested" | "payment_failed",
  request: RequestRef,
): void {
  sub.status = "canceled";
  sub.ended_at = at;
  sub.canceled_at ??= at;
  sub.cancellation_details = { ...(sub.cancellation_details ?? emptyCancellation()), reason };
  subscriptionState(core, sub.id).dunning = null;
  core.store.markDirty();
  core.events.emit("customer.subscription.deleted", sub, { at, request });
}

export function emitUpdated(
  core: EmulatorCore,
  before: WireSubscription,
  sub: WireSubscription,
  at: number,
  request: RequestRef,
): void {
  const previous = previousAttributes(before, sub);
  core.store.markDirty();
  if (Object.keys(previous).length === 0) return;
  core.events.emit("customer.subscription.updated", sub, { previous, at, request });
}

export function subscriptionState(core: EmulatorCore, id: string) {
  return (core.store.data.subscriptionState[id] ??= { trialWillEndSent: false, dunning: null });
}

export function emptyCancellation(): NonNullable<WireSubscription["cancellation_details"]> {
  return { comment: null, feedback: null, feedback_option: null, reason: null };
}
