// Called by account deletion: a deleted account must not keep being charged.
import { getDb } from "@/lib/db/client";
import { getStripe } from "./stripe-client";

const LIVE_STATUSES = new Set(["active", "trialing", "past_due", "incomplete", "unpaid", "paused"]);

/**
 * Cancels every live Stripe subscription of the user immediately (no proration
 * refund policy decided here). Reads Stripe, not only our table, because a
 * subscription may exist whose webhook has not arrived yet. Throws if Stripe
 * fails so the caller can refuse to delete an account that would keep paying.
 */
export async function cancelBillingForDeletedUser(userId: string): Promise<void> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  const rows = await db.subscription.findMany({ where: { userId }, select: { id: true, customerId: true } });
  const customerIds = new Set<string>(rows.map((r) => r.customerId));
  if (user?.stripeCustomerId) customerIds.add(user.stripeCustomerId);
  if (customerIds.size === 0) return;

  const stripe = getStripe();
  for (const customer of customerIds) {
    for await (const sub of stripe.subscriptions.list({ customer, status: "all", limit: 100 })) {
      if (!LIVE_STATUSES.has(sub.status)) continue;
      await stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `delete-account-${sub.id}` });
    }
  }
  await db.subscription.updateMany({
    where: { userId, status: { notIn: ["canceled", "incomplete_expired"] } },
    data: { status: "canceled", cancelAtPeriodEnd: false },
  });
}
