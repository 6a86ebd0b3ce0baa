// invoice.payment_failed: the subscription goes past_due; the grace clock starts
// (or, on a later dunning retry, may run out).
import type Stripe from "stripe";
import { reconcileCustomer } from "../../reconcile";
import { customerIdOf } from "../../subscription-fields";

export async function invoicePaymentFailed(event: Stripe.Event, now: Date): Promise<void> {
  const invoice = event.data.object as Stripe.Invoice;
  const customerId = customerIdOf(invoice.customer);
  if (customerId) await reconcileCustomer(customerId, { now });
}
