// customer.subscription.created/updated/deleted/paused/resumed: the payload may
// be stale or out of order, so only its customer id is used.
import type Stripe from "stripe";
import { reconcileCustomer } from "../../reconcile";
import { customerIdOf } from "../../subscription-fields";

export async function customerSubscriptionChanged(event: Stripe.Event, now: Date): Promise<void> {
  const sub = event.data.object as Stripe.Subscription;
  const customerId = customerIdOf(sub.customer);
  if (customerId) await reconcileCustomer(customerId, { now });
}
