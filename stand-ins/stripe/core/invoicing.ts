// Subscription invoices: creation, payment and failure. The emulator has no
// PaymentIntents or charges; an invoice is paid or it is not, which is all the
// app's webhook handlers get to see anyway.
import type { WireInvoice, WireSubscription } from "../types";
import type { EmulatorCore } from "./emulator-core";
import { newId } from "./ids";
import { invoiceLineShape, invoiceShape } from "./shapes-billing";

export interface InvoiceRequest {
  reason: NonNullable<WireInvoice["billing_reason"]>;
  /** Service period on the lines: the period being paid for. */
  linePeriod: { start: number; end: number };
  /**
   * `period_start/end` on the invoice itself. Stripe sets them to the period
   * whose usage is being collected, i.e. the *previous* period on renewals and
   * the creation instant on the first invoice; apps should read the lines.
   */
  invoicePeriod: { start: number; end: number };
  trial: boolean;
  at: number;
}

export function createSubscriptionInvoice(
  core: EmulatorCore,
  subscription: WireSubscription,
  request: InvoiceRequest,
): WireInvoice {
  const customer = core.customer(subscription.customer as string);
  const id = newId("in");
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  const lines = subscription.items.data.map((item) =>
    invoiceLineShape({
      id: newId("il"),
      invoice: id,
      subscription,
      item,
      productName: core.productName(item.price),
      trial: request.trial,
      periodStart: request.linePeriod.start,
      periodEnd: request.linePeriod.end,
    }),
  );
  const invoice = invoiceShape({
    id,
    number: `${customer.invoice_prefix}-${String(sequence).padStart(4, "0")}`,
    customer,
    subscription,
    created: request.at,
    billingReason: request.reason,
    lines,
    periodStart: request.invoicePeriod.start,
    periodEnd: request.invoicePeriod.end,
    hostedUrl: `${core.config.publicUrl}/invoices/${id}`,
  });
  core.store.data.invoices[id] = invoice;
  subscription.latest_invoice = id;
  core.store.markDirty();
  return invoice;
}

/** Whether charging this customer now would succeed (zero totals never charge). */
export function chargeSucceeds(core: EmulatorCore, invoice: WireInvoice): boolean {
  return invoice.amount_due === 0 || !core.failsPayments(invoice.customer as string);
}

export function markPaid(invoice: WireInvoice, at: number): void {
  invoice.status = "paid";
  invoice.attempted = true;
  if (invoice.amount_due > 0) invoice.attempt_count += 1;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = at;
}

export function markFailed(invoice: WireInvoice, nextAttemptAt: number | null): void {
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = nextAttemptAt;
}

/** Renewals while collection is paused follow `pause_collection.behavior`. */
export function markPausedCollection(invoice: WireInvoice, behavior: string, at: number): void {
  invoice.auto_advance = false;
  if (behavior === "void") {
    invoice.status = "void";
    invoice.status_transitions.voided_at = at;
  } else if (behavior === "mark_uncollectible") {
    invoice.status = "uncollectible";
    invoice.status_transitions.marked_uncollectible_at = at;
  } else {
    invoice.status = "draft";
    invoice.status_transitions.finalized_at = null;
  }
}
