import type Stripe from "stripe";

export type WebhookHandler = (event: Stripe.Event, now: Date) => Promise<void>;
