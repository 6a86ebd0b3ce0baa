"use client";
// Site-wide past-due banner for the header. Client-side (like the account link)
// so otherwise static pages stay static; it asks /api/billing/status once.
import { useEffect, useState } from "react";
import { BillingButton } from "./billing-button";

interface Status {
  subscription?: { status: string; graceEndsAt: string | null } | null;
}

export function PastDueNotice() {
  const [graceEndsAt, setGraceEndsAt] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    fetch("/api/billing/status", { signal: ctrl.signal })
      .then((r) => (r.ok ? (r.json() as Promise<Status>) : {}))
      .then((s: Status) => setGraceEndsAt(s.subscription?.status === "past_due" ? s.subscription.graceEndsAt : null))
      .catch((err: unknown) => {
        // Aborted on unmount, or offline: no banner is the safe default.
        if (!(err instanceof DOMException && err.name === "AbortError")) console.warn("billing status failed", err);
      });
    return () => ctrl.abort();
  }, []);
  if (!graceEndsAt) return null;
  return (
    <div
      role="alert"
      data-testid="past-due-notice"
      className="flex flex-wrap items-center justify-center gap-3 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      <span>
        Your last payment failed. Update your payment method by {new Date(graceEndsAt).toDateString()} to keep your
        plan.
      </span>
      <BillingButton endpoint="/api/billing/portal" label="Update payment" variant="secondary" />
    </div>
  );
}
