"use client";
// Posts to a billing route and follows the Stripe URL it returns. Errors are shown,
// not swallowed: the route's message tells the user what to do.
import { useState } from "react";

export function BillingButton(props: {
  endpoint: "/api/billing/checkout" | "/api/billing/portal" | "/api/billing/resolve";
  priceId?: string;
  label: string;
  testId?: string;
  variant?: "primary" | "secondary";
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function go() {
    setPending(true);
    setError(null);
    try {
      const res = await fetch(props.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(props.priceId ? { priceId: props.priceId } : {}),
      });
      const data = (await res.json()) as { url?: string; error?: { message: string } };
      if (!res.ok || !data.url) throw new Error(data.error?.message ?? "Billing is unavailable right now.");
      window.location.assign(data.url);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  }

  const style =
    props.variant === "secondary"
      ? "border border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
      : "bg-slate-900 text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200";
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        onClick={go}
        disabled={pending}
        data-testid={props.testId}
        className={`rounded-md px-3 py-2 text-sm font-medium disabled:opacity-60 ${style}`}
      >
        {pending ? "Opening…" : props.label}
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
