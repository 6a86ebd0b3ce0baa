// Coming back from Checkout or the Customer Portal, the browser is usually faster
// than the webhook: the page re-reads the customer from Stripe first (the same
// reconciliation a webhook runs), so it shows the plan just bought or changed.
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { reconcileCustomer } from "./reconcile";

export async function refreshBillingOnReturn(userId: string): Promise<void> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) return;
  try {
    await reconcileCustomer(user.stripeCustomerId);
  } catch (err) {
    // The webhook still applies it; the page says what it knows and the banner explains the wait.
    logger.warn({ err, userId }, "could not refresh billing from Stripe on return");
  }
}
