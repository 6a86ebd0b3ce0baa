// Starts a subscription Checkout for a signed-in user.
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { plans } from "./catalog";
import { ensureCustomer } from "./customer";
import { getStripe } from "./stripe-client";

export function findPrice(priceId: string) {
  for (const plan of plans()) {
    const price = plan.prices.find((p) => p.id === priceId);
    if (price) return { plan, price };
  }
  return null;
}

export async function createCheckout(userId: string, priceId: string): Promise<string> {
  if (!findPrice(priceId)) throw new AppError("bad_request:billing", "Unknown plan price.");
  const customer = await ensureCustomer(userId);
  const { APP_URL, BILLING_TRIAL_DAYS } = env();
  const session = await getStripe().checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: userId,
    metadata: { userId },
    line_items: [{ price: priceId, quantity: 1 }],
    subscription_data: {
      metadata: { userId },
      ...(BILLING_TRIAL_DAYS > 0 ? { trial_period_days: BILLING_TRIAL_DAYS } : {}),
    },
    success_url: `${APP_URL}/pricing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${APP_URL}/pricing?checkout=canceled`,
  });
  if (!session.url) throw new AppError("upstream:billing", "Stripe did not return a checkout page.");
  return session.url;
}
