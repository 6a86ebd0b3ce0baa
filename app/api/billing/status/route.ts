// GET /api/billing/status - the caller's plan and subscription state from our tables (no Stripe call).
import { billingState } from "@/lib/billing/billing-state";
import { env } from "@/lib/config/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ surface: "billing", access: "public", identify: true }, async ({ identity }) => {
  const headers = { "cache-control": "no-store" };
  if (!identity || identity.isGuest) return Response.json({ signedIn: false }, { headers });
  const state = await billingState(identity.userId);
  const sub = state?.subscription ?? null;
  const graceMs = env().BILLING_GRACE_DAYS * 86_400_000;
  return Response.json(
    {
      signedIn: true,
      tier: identity.tier,
      subscription: sub && {
        status: sub.status,
        tier: sub.tier,
        currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
        cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
        trialEnd: sub.trialEnd?.toISOString() ?? null,
        graceEndsAt:
          sub.status === "past_due" && sub.pastDueSince
            ? new Date(sub.pastDueSince.getTime() + graceMs).toISOString()
            : null,
      },
    },
    { headers },
  );
});
