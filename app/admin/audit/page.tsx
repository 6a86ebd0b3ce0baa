// Admin: the audit log, newest first, filterable by action.
import { FilterLinks } from "@/components/admin/filter-links";
import { Table, utc } from "@/components/admin/table";
import { requireAdmin } from "@/lib/admin/access";
import { auditActions, auditEntries, LOG_PAGE } from "@/lib/admin/logs";

export const dynamic = "force-dynamic";

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ action?: string }> }) {
  await requireAdmin();
  const asked = (await searchParams).action;
  const actions = await auditActions();
  const action = actions.find((a) => a === asked);
  const entries = await auditEntries({ action });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <FilterLinks
        label="Action"
        options={[undefined, ...actions]}
        current={action}
        href={(a) => (a ? `/admin/audit?action=${encodeURIComponent(a)}` : "/admin/audit")}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">The latest {LOG_PAGE}.</p>
      <Table
        label="Audit log"
        head={["When", "Action", "By", "Target", "IP", "Details"]}
        empty="Nothing recorded yet."
        rows={entries.map((e) => [
          utc(e.at),
          e.action,
          e.actorEmail ?? e.actorId ?? "system",
          `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}`,
          e.ip ?? "",
          <code key="m" className="block max-w-md break-all text-xs">
            {JSON.stringify(e.metadata)}
          </code>,
        ])}
      />
    </div>
  );
}
