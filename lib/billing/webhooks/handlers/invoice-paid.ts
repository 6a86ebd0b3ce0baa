// invoice.paid: a renewal moved the period (and the budget window) forward, or a
// retry cleared past_due.
import type Stripe from "stripe";
import { reconcileCustomer } from "../../reconcile";
import { customerIdOf } from "../../subscription-fields";

export async function invoicePaid(event: Stripe.Event, now: Date): Promise<void> {
  const invoice = event.data.object as Stripe.Invoice;
  const customerId = customerIdOf(invoice.customer);
  if (customerId) await reconcileCustomer(customerId, { now });
}
