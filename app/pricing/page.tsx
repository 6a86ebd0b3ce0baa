// Pricing: public, tailored to the visitor, rendered from config (no Stripe call).
import { PastDueBanner } from "@/components/billing/past-due-banner";
import { PlanCard, type Visitor } from "@/components/billing/plan-card";
import { pageIdentity } from "@/lib/auth/identity";
import { billingState, needsPortal, type BillingState } from "@/lib/billing/billing-state";
import { refreshBillingOnReturn } from "@/lib/billing/refresh-on-return";
import { plans } from "@/lib/billing/catalog";
import { TOKENS_PER_MESSAGE } from "@/lib/billing/plan-words";
import { TIERS } from "@/lib/budget/tiers";
import { env } from "@/lib/config/env";

export const dynamic = "force-dynamic";

const SHOWN = ["free", "pro", "team"] as const;

export default async function PricingPage({
  searchParams,
}: {
  searchParams: Promise<{ checkout?: string; portal?: string }>;
}) {
  const { checkout, portal } = await searchParams;
  let identity = await pageIdentity();
  if (identity && !identity.isGuest && (checkout === "success" || portal === "return")) {
    await refreshBillingOnReturn(identity.userId);
    // The tier may have just changed: read who the visitor is now.
    identity = await pageIdentity();
  }
  const state: BillingState | null = identity && !identity.isGuest ? await billingState(identity.userId) : null;
  const visitor: Visitor = !identity
    ? "anonymous"
    : identity.isGuest
      ? "guest"
      : state && needsPortal(state)
        ? "subscriber"
        : "free";
  const currentTier = identity && !identity.isGuest ? identity.tier : null;
  const catalog = plans();

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-8 px-4 py-16">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold">Pricing</h1>
        <p className="text-slate-600 dark:text-slate-400">
          More messages every day, and the Strong model for hard questions. Flat monthly price, cancel any time.
        </p>
        {currentTier && (
          <p data-testid="current-tier" className="text-sm">
            Your plan: <strong>{TIERS[currentTier].label}</strong>
            {endsLater(state) && ` (ends ${state!.subscription!.currentPeriodEnd.toDateString()})`}
          </p>
        )}
      </header>
      {checkout === "success" && (
        <p role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          {currentTier && currentTier !== "free"
            ? `Thanks! You are on ${TIERS[currentTier].label} now.`
            : "Thanks! Your plan is active as soon as Stripe confirms the payment."}
        </p>
      )}
      <PastDueBanner state={state} graceDays={env().BILLING_GRACE_DAYS} />
      <div className="grid gap-6 md:grid-cols-3">
        {SHOWN.map((tier) => (
          <PlanCard
            key={tier}
            tierKey={tier}
            limits={TIERS[tier]}
            plan={catalog.find((p) => p.tier === tier) ?? null}
            visitor={visitor}
            current={currentTier === tier}
          />
        ))}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="messages-footnote">
        * An estimate, at about {TOKENS_PER_MESSAGE.toLocaleString("en-US")} tokens per message (your question, the
        answer and the recent conversation sent with it). Short chats go further; long documents and long conversations
        use more. Tokens are how Gemini measures text: roughly 3 to 4 characters of English each.
      </p>
    </div>
  );
}

/** A paid plan still running that will not renew; a subscription already ended has no "ends" date to show. */
function endsLater(state: BillingState | null): boolean {
  const sub = state?.subscription;
  return Boolean(sub?.cancelAtPeriodEnd && (sub.status === "active" || sub.status === "trialing"));
}
