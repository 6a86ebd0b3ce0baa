// Opens the Stripe Customer Portal for a user who already has a customer.
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { getStripe } from "./stripe-client";

export async function createPortal(userId: string): Promise<string> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) {
    throw new AppError("conflict:billing", "There is no billing account yet: choose a plan first.");
  }
  const session = await getStripe().billingPortal.sessions.create({
    customer: user.stripeCustomerId,
    return_url: `${env().APP_URL}/pricing?portal=return`,
  });
  return session.url;
}
