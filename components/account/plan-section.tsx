// The account's plan and billing at a glance: what the plan gives, whether it
// renews or ends (and when), and the way to change it.
import Link from "next/link";
import { BillingButton } from "@/components/billing/billing-button";
import type { BillingState } from "@/lib/billing/billing-state";
import { needsPortal } from "@/lib/billing/billing-state";
import { TIERS } from "@/lib/budget/tiers";
import type { Tier } from "@/lib/db/generated/enums";

const tokens = (n: number | null) => (n == null ? "unlimited" : n.toLocaleString("en-US"));

function statusLine(state: BillingState | null): string {
  const sub = state?.subscription;
  if (!sub || sub.status === "canceled" || sub.status === "incomplete_expired") return "No paid subscription.";
  const end = sub.currentPeriodEnd.toLocaleDateString("en-US", { dateStyle: "medium" });
  if (sub.status === "past_due" || sub.status === "unpaid") return `The last payment failed; update your card.`;
  if (sub.status === "trialing") return `Trial until ${sub.trialEnd?.toLocaleDateString("en-US") ?? end}.`;
  return sub.cancelAtPeriodEnd ? `Cancelled: ends on ${end}.` : `Renews on ${end}.`;
}

export function PlanSection({ tier, state }: { tier: Tier; state: BillingState | null }) {
  const limits = TIERS[tier];
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-800" data-testid="account-plan">
      <p>
        <strong>{limits.label}</strong> plan · {tokens(limits.dailyTokens)} tokens a day, {tokens(limits.monthlyTokens)}{" "}
        a month
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{statusLine(state)}</p>
      <div className="flex flex-wrap gap-3">
        {state && needsPortal(state) ? (
          <BillingButton endpoint="/api/billing/portal" label="Manage billing" variant="secondary" />
        ) : (
          <Link href="/pricing" className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
            See plans
          </Link>
        )}
      </div>
    </div>
  );
}
