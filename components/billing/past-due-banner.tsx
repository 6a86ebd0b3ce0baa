// Shown while a payment failed: the paid tier lasts until the grace period ends.
import type { BillingState } from "@/lib/billing/billing-state";
import { BillingButton } from "./billing-button";

export function PastDueBanner({ state, graceDays }: { state: BillingState | null; graceDays: number }) {
  const sub = state?.subscription;
  if (!sub || sub.status !== "past_due") return null;
  const since = sub.pastDueSince ?? new Date();
  const until = new Date(since.getTime() + graceDays * 86_400_000);
  return (
    <div
      role="alert"
      data-testid="past-due-banner"
      className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <span className="flex-1">
        Your last payment failed. Update your payment method by {until.toDateString()} to keep your plan.
      </span>
      <BillingButton endpoint="/api/billing/portal" label="Update payment" variant="secondary" />
    </div>
  );
}
