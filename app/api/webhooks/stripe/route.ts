// POST /api/webhooks/stripe - verifies a signed Stripe event and applies it once.
import { processWebhook } from "@/lib/billing/webhooks/process-event";
import { AppError } from "@/lib/http/app-error";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Stripe events are a few KB; anything near this is not from Stripe.
const MAX_EVENT_BYTES = 1_000_000;

export const POST = route({ surface: "webhook", access: "public" }, async ({ req, log }) => {
  // The signature covers the exact bytes: read the raw body before any parsing.
  if (Number(req.headers.get("content-length") ?? 0) > MAX_EVENT_BYTES) {
    throw new AppError("payload_too_large:webhook", "Webhook body is too large.");
  }
  const raw = await req.text();
  const outcome = await processWebhook(raw, req.headers.get("stripe-signature"), log);
  return Response.json({ received: true, outcome });
});
