// Admin overview: users, spend today and this month, revenue, webhook health.
import { Stat } from "@/components/admin/table";
import { requireAdmin } from "@/lib/admin/access";
import { formatCents, formatMicros } from "@/lib/admin/money";
import { overview } from "@/lib/admin/overview";
import { TIERS } from "@/lib/budget/tiers";

export const dynamic = "force-dynamic";

export default async function AdminOverviewPage() {
  await requireAdmin();
  const o = await overview();
  const registered = o.usersByTier.reduce((s, t) => s + t.users, 0);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Registered users"
          value={registered.toLocaleString("en-US")}
          hint={`${o.guests.toLocaleString("en-US")} guests`}
        />
        <Stat
          label="Model cost today"
          value={formatMicros(o.today.costMicros)}
          hint={`${o.today.calls} calls, ${o.today.tokens.toLocaleString("en-US")} tokens (UTC day)`}
        />
        <Stat
          label="Model cost this month"
          value={formatMicros(o.month.costMicros)}
          hint={`${o.month.calls} calls, ${o.month.tokens.toLocaleString("en-US")} tokens`}
        />
        <Stat
          label="Monthly recurring revenue"
          value={formatCents(o.mrrCents)}
          hint="active and past-due subscriptions"
        />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Users by plan</h2>
        <ul className="flex flex-wrap gap-3 text-sm">
          {o.usersByTier.map((t) => (
            <li key={t.tier} className="rounded-md bg-slate-100 px-3 py-1 dark:bg-slate-900">
              {TIERS[t.tier].label}: <strong>{t.users}</strong>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="text-lg font-semibold">Stripe webhooks</h2>
        <p
          className={`text-sm ${o.failedWebhooks7d > 0 ? "text-red-700 dark:text-red-400" : ""}`}
          data-testid="webhook-health"
        >
          {o.failedWebhooks7d === 0
            ? "No failed deliveries in the last 7 days."
            : `${o.failedWebhooks7d} failed deliveries in the last 7 days (Stripe retries them; see Webhooks).`}
        </p>
      </section>
    </div>
  );
}
