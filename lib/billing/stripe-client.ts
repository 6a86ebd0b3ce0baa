// The one Stripe client. The same code path serves real Stripe and the local
// emulator: STRIPE_API_URL only redirects the SDK's host/port/protocol.
import Stripe from "stripe";
import { env } from "@/lib/config/env";

export const STRIPE_API_VERSION = Stripe.API_VERSION;

const globalForStripe = globalThis as unknown as { __stripe?: Stripe; __stripeKey?: string };

function hostOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

export function getStripe(): Stripe {
  const { STRIPE_SECRET_KEY, STRIPE_API_URL } = env();
  // Cache key includes the URL so tests that point at a fresh emulator get a fresh client.
  const key = `${STRIPE_SECRET_KEY ?? ""}|${STRIPE_API_URL ?? ""}`;
  if (!globalForStripe.__stripe || globalForStripe.__stripeKey !== key) {
    globalForStripe.__stripe = new Stripe(STRIPE_SECRET_KEY ?? "sk_test_emulator", {
      apiVersion: STRIPE_API_VERSION,
      ...hostOptions(STRIPE_API_URL),
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: "gemini-chat" },
    });
    globalForStripe.__stripeKey = key;
  }
  return globalForStripe.__stripe;
}
