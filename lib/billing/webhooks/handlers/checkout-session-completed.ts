// checkout.session.completed: the moment a customer is tied to our user (via
// client_reference_id / metadata.userId), then the usual reconciliation.
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { linkCustomer } from "../../customer-link";
import { reconcileCustomer } from "../../reconcile";
import { customerIdOf } from "../../subscription-fields";

export async function checkoutSessionCompleted(event: Stripe.Event, now: Date): Promise<void> {
  const session = event.data.object as Stripe.Checkout.Session;
  const customerId = customerIdOf(session.customer);
  if (!customerId) return;
  const userId = session.client_reference_id ?? session.metadata?.userId;
  if (userId) await getDb().$transaction((tx) => linkCustomer(tx, userId, customerId));
  await reconcileCustomer(customerId, { now });
}
