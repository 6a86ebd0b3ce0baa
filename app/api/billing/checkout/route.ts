// POST /api/billing/checkout - starts a Stripe Checkout for the signed-in user's chosen price.
import { z } from "zod";
import { billingState, needsPortal } from "@/lib/billing/billing-state";
import { createCheckout } from "@/lib/billing/checkout";
import { AppError } from "@/lib/http/app-error";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.object({ priceId: z.string().min(1).max(200) });

export const POST = route({ surface: "billing", access: "user", body }, async ({ body, identity }) => {
  const userId = identity.userId;
  const state = await billingState(userId);
  // A second subscription would double-charge: plan changes go through the portal.
  if (state && needsPortal(state)) {
    throw new AppError("conflict:billing", "You already have a subscription: manage it in the billing portal.");
  }
  return Response.json({ url: await createCheckout(userId, body.priceId) });
});
