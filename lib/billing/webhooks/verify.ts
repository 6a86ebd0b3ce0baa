// Signature check on the raw body, with Stripe's 300 s replay tolerance. Any
// failure is a 400 and nothing else happens.
import type Stripe from "stripe";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { getStripe } from "../stripe-client";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function verifyEvent(rawBody: string, signature: string | null): Stripe.Event {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    // A misconfigured server must not accept unsigned events; 503 makes Stripe retry later.
    throw new AppError("unavailable:webhook", "Webhook secret is not configured.");
  }
  if (!signature) throw new AppError("bad_request:webhook", "Missing Stripe-Signature header.");
  try {
    return getStripe().webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (err) {
    throw new AppError("bad_request:webhook", "Invalid webhook signature.", { cause: err });
  }
}
