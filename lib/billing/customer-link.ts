// Which user of ours a Stripe customer belongs to. The checkout route stores the
// customer on the user before any event exists; customer metadata.userId is the
// fallback for customers linked some other way (e.g. created in the dashboard).
import type Stripe from "stripe";
import type { Tier } from "@/lib/db/generated/enums";
import type { PrismaClient } from "@/lib/db/generated/client";
import { logger } from "@/lib/log/logger";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function findOrLinkUser(
  tx: Tx,
  stripe: Stripe,
  customerId: string,
): Promise<{ id: string; tier: Tier } | null> {
  const linked = await tx.user.findUnique({
    where: { stripeCustomerId: customerId },
    select: { id: true, tier: true },
  });
  if (linked) return linked;
  const customer = await stripe.customers.retrieve(customerId);
  const userId = customer.deleted ? undefined : customer.metadata?.userId;
  if (!userId) return null;
  return linkCustomer(tx, userId, customerId);
}

/** Links only a user with no customer yet: a customer id is never silently replaced. */
export async function linkCustomer(
  tx: Tx,
  userId: string,
  customerId: string,
): Promise<{ id: string; tier: Tier } | null> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, tier: true, stripeCustomerId: true },
  });
  if (!user) return null;
  if (user.stripeCustomerId === customerId) return { id: user.id, tier: user.tier };
  if (user.stripeCustomerId) {
    logger.warn({ userId, customerId }, "billing: user already has another Stripe customer; not relinking");
    return null;
  }
  await tx.user.update({ where: { id: userId }, data: { stripeCustomerId: customerId } });
  return { id: user.id, tier: user.tier };
}
