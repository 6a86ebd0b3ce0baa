// customer.subscription.trial_will_end: nothing changes yet, but reconciling keeps
// trial_end accurate for the UI. (A reminder email would hang off this event.)
import type Stripe from "stripe";
import { logger } from "@/lib/log/logger";
import { reconcileCustomer } from "../../reconcile";
import { customerIdOf } from "../../subscription-fields";

export async function customerSubscriptionTrialWillEnd(event: Stripe.Event, now: Date): Promise<void> {
  const sub = event.data.object as Stripe.Subscription;
  const customerId = customerIdOf(sub.customer);
  if (!customerId) return;
  const result = await reconcileCustomer(customerId, { now });
  logger.info({ userId: result.userId, subscription: sub.id, trialEnd: sub.trial_end }, "billing: trial ends soon");
}
