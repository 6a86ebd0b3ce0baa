// One tier on the pricing page: price, budgets, models, and the action that
// fits the visitor. Everything comes from config, nothing from Stripe.
import Link from "next/link";
import type { Plan } from "@/lib/billing/catalog";
import { MODEL_WORDS, messagesEstimate } from "@/lib/billing/plan-words";
import type { TierLimits } from "@/lib/budget/tiers";
import { BillingButton } from "./billing-button";

export type Visitor = "anonymous" | "guest" | "free" | "subscriber";

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(cents / 100);
}

function tokens(n: number | null): string {
  return n === null ? "Unlimited" : new Intl.NumberFormat("en-US").format(n);
}

export function PlanCard(props: {
  tierKey: string;
  limits: TierLimits;
  plan: Plan | null;
  visitor: Visitor;
  current: boolean;
}) {
  const { limits, plan, current } = props;
  return (
    <section
      data-testid={`plan-${props.tierKey}`}
      className={`flex flex-col gap-4 rounded-lg border p-6 ${current ? "border-slate-900 dark:border-white" : "border-slate-200 dark:border-slate-800"}`}
    >
      <h2 className="text-lg font-semibold">{limits.label}</h2>
      <div>
        {plan ? (
          plan.prices.map((p) => (
            <p
              key={p.id}
              className={
                p.interval === "month" ? "text-2xl font-semibold" : "text-sm text-slate-600 dark:text-slate-400"
              }
            >
              {money(p.unitAmount, p.currency)}
              <span className="text-sm font-normal"> / {p.interval}</span>
            </p>
          ))
        ) : (
          <p className="text-2xl font-semibold">$0</p>
        )}
      </div>
      <ul className="flex flex-col gap-1 text-sm text-slate-700 dark:text-slate-300">
        <li>
          <strong>{messagesEstimate(limits.dailyTokens) ?? "Unlimited messages"}</strong> a day*{" "}
          <span className="text-slate-600 dark:text-slate-400">({tokens(limits.dailyTokens)} tokens)</span>
        </li>
        <li>
          {messagesEstimate(limits.monthlyTokens) ?? "Unlimited messages"} a month*{" "}
          <span className="text-slate-600 dark:text-slate-400">({tokens(limits.monthlyTokens)} tokens per month)</span>
        </li>
        {limits.models
          .filter((m) => m !== "lite")
          .map((m) => (
            <li key={m}>
              <strong>{MODEL_WORDS[m]?.name ?? m}</strong>: {MODEL_WORDS[m]?.what}
            </li>
          ))}
        <li>Up to {limits.requestsPerMinute} messages a minute</li>
      </ul>
      <div className="mt-auto flex flex-col gap-2">
        <PlanAction {...props} />
      </div>
    </section>
  );
}

function PlanAction({ tierKey, plan, visitor, current }: Parameters<typeof PlanCard>[0]) {
  if (current) {
    return (
      <>
        <span
          data-testid={`current-${tierKey}`}
          className="rounded-md bg-slate-100 px-3 py-2 text-center text-sm dark:bg-slate-900"
        >
          Current plan
        </span>
        {visitor === "subscriber" && (
          <BillingButton
            endpoint="/api/billing/portal"
            label="Manage billing"
            variant="secondary"
            testId="manage-billing"
          />
        )}
      </>
    );
  }
  if (visitor === "anonymous" || visitor === "guest") {
    return (
      <Link
        href="/sign-in?callbackUrl=/pricing"
        className="rounded-md bg-slate-900 px-3 py-2 text-center text-sm text-white"
      >
        Sign up
      </Link>
    );
  }
  if (!plan) return null;
  if (visitor === "subscriber") {
    return <BillingButton endpoint="/api/billing/portal" label="Switch plan" variant="secondary" />;
  }
  return (
    <>
      {plan.prices.map((p) => (
        <BillingButton
          key={p.id}
          endpoint="/api/billing/checkout"
          priceId={p.id}
          label={`Upgrade ${p.interval === "month" ? "monthly" : "yearly"}`}
          testId={`upgrade-${tierKey}-${p.interval}`}
        />
      ))}
    </>
  );
}
