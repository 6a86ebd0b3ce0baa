// Admin: recurring revenue and the subscriptions behind it, as Stripe reported them.
import { Stat, Table, utc } from "@/components/admin/table";
import { requireAdmin } from "@/lib/admin/access";
import { formatCents } from "@/lib/admin/money";
import { revenue } from "@/lib/admin/revenue";

export const dynamic = "force-dynamic";

export default async function AdminRevenuePage() {
  await requireAdmin();
  const r = await revenue();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Revenue</h1>
      <section className="grid gap-4 sm:grid-cols-3">
        <Stat label="MRR" value={formatCents(r.mrrCents)} hint="active and past-due; yearly plans count 1/12" />
        {r.byTier.map((t) => (
          <Stat
            key={t.tier}
            label={`${t.tier} MRR`}
            value={formatCents(t.mrrCents)}
            hint={`${t.subscriptions} subscriptions`}
          />
        ))}
      </section>
      {r.unknownPrices > 0 && (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          {r.unknownPrices} paying subscriptions use a price that is not in the plan catalog; they are left out of the
          MRR.
        </p>
      )}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        By status: {r.byStatus.map((s) => `${s.status} ${s.subscriptions}`).join(" · ") || "no subscriptions yet"}
      </p>
      <Table
        label="Subscriptions"
        head={["Customer", "Plan", "Status", "Per month", "Period ends", "Renews"]}
        empty="No subscriptions yet."
        rows={r.subscriptions.map((s) => [
          s.email ?? s.id,
          s.tier,
          s.status,
          s.monthlyCents === null ? `unknown price ${s.priceId}` : formatCents(s.monthlyCents),
          utc(s.currentPeriodEnd),
          renews(s),
        ])}
      />
    </div>
  );
}

/** Only a live subscription renews; an ended one says so rather than "yes". */
function renews(s: { status: string; cancelAtPeriodEnd: boolean }): string {
  if (s.status === "canceled" || s.status === "incomplete_expired") return "no (cancelled)";
  if (s.cancelAtPeriodEnd) return "no (cancels at period end)";
  return s.status === "active" || s.status === "trialing" || s.status === "past_due" ? "yes" : `no (${s.status})`;
}
