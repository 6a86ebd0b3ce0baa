// POST /api/webhooks/stripe - verifies a signed Stripe event and applies it once.
import { processWebhook } from "@/lib/billing/webhooks/process-event";
import { readBodyText } from "@/lib/http/body";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Stripe's events are a few KB to a few tens of KB (lists inside an event are
// paginated, has_more); 1 MB leaves a wide margin and bounds what a caller
// without a signature can make the server hold.
const MAX_EVENT_BYTES = 1_000_000;

export const POST = route({ surface: "webhook", access: "public" }, async ({ req, log }) => {
  // The signature covers the exact bytes: read the raw body (capped as it arrives) before any parsing.
  const raw = await readBodyText(req, MAX_EVENT_BYTES, "webhook");
  const outcome = await processWebhook(raw, req.headers.get("stripe-signature"), log);
  return Response.json({ received: true, outcome });
});
