// Admin: Stripe webhook deliveries as processed (each event applied once; failed
// ones are retried by Stripe and can be reconciled from Stripe's state).
import { FilterLinks } from "@/components/admin/filter-links";
import { Table, utc } from "@/components/admin/table";
import { requireAdmin } from "@/lib/admin/access";
import { LOG_PAGE, webhookEvents } from "@/lib/admin/logs";

export const dynamic = "force-dynamic";

const STATUSES = ["processing", "processed", "ignored", "failed"] as const;

export default async function AdminWebhooksPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  await requireAdmin();
  const asked = (await searchParams).status;
  const status = STATUSES.find((s) => s === asked);
  const events = await webhookEvents({ status });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Webhook log</h1>
      <FilterLinks
        label="Status"
        options={[undefined, ...STATUSES]}
        current={status}
        href={(s) => (s ? `/admin/webhooks?status=${s}` : "/admin/webhooks")}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">The latest {LOG_PAGE}.</p>
      <Table
        label="Webhook events"
        head={["Received", "Event", "Type", "Status", "Processed", "Error"]}
        empty="No webhook events."
        rows={events.map((e) => [
          utc(e.receivedAt),
          <span key="id" className="font-mono text-xs">
            {e.id}
          </span>,
          e.type,
          <span key="s" className={e.status === "failed" ? "text-red-700 dark:text-red-400" : ""}>
            {e.status}
          </span>,
          utc(e.processedAt),
          e.error ?? "",
        ])}
      />
    </div>
  );
}
