// The Stripe customer stored on the user: reused, or created once. The
// idempotency key makes two concurrent first checkouts create one customer.
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { getStripe } from "./stripe-client";

export async function ensureCustomer(userId: string): Promise<string> {
  const db = getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, stripeCustomerId: true },
  });
  if (!user) throw new AppError("not_found:billing", "Account not found.");
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await getStripe().customers.create(
    { email: user.email ?? undefined, name: user.name ?? undefined, metadata: { userId } },
    { idempotencyKey: `customer-for-user-${userId}` },
  );
  // Conditional: if another request linked a customer first, keep theirs.
  const linked = await db.user.updateMany({
    where: { id: userId, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  if (linked.count === 1) return customer.id;
  const again = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } });
  return again.stripeCustomerId ?? customer.id;
}
