// Admin: what model calls cost, by model and by UTC day, from the usage ledger.
import { FilterLinks } from "@/components/admin/filter-links";
import { Table } from "@/components/admin/table";
import { requireAdmin } from "@/lib/admin/access";
import { formatMicros } from "@/lib/admin/money";
import { costByDay, costByModel } from "@/lib/admin/usage";

export const dynamic = "force-dynamic";

const RANGES = [7, 30, 90] as const;
const num = (n: number) => n.toLocaleString("en-US");

export default async function AdminUsagePage({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  await requireAdmin();
  const asked = Number((await searchParams).days);
  const days = RANGES.find((d) => d === asked) ?? 30;
  const [models, byDay] = await Promise.all([costByModel(days), costByDay(days)]);
  const total = models.reduce((s, m) => s + m.costMicros, 0);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-2xl font-semibold">Usage and cost</h1>
        <FilterLinks
          label="Range"
          options={RANGES}
          current={days}
          href={(d) => `/admin/usage?days=${d}`}
          text={(d) => `last ${d} days`}
        />
      </div>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">
          Cost by model: <span data-testid="usage-total">{formatMicros(total)}</span>
        </h2>
        <Table
          label="Cost by model"
          head={[
            "Model",
            "Calls",
            "Input",
            "of which cached",
            "Output",
            "Thinking",
            "Cost",
            "Estimated",
            "Failed",
            "Avg latency",
          ]}
          empty="No model calls in this range."
          rows={models.map((m) => [
            <span key="m" className="font-mono">
              {m.model}
            </span>,
            num(m.calls),
            num(m.inputTokens),
            num(m.cachedTokens),
            num(m.outputTokens),
            num(m.thinkingTokens),
            formatMicros(m.costMicros),
            num(m.estimatedCalls),
            num(m.failedCalls),
            `${num(m.avgLatencyMs)} ms`,
          ])}
        />
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">By day (UTC)</h2>
        <Table
          label="Cost by day"
          head={["Day", "Calls", "Tokens", "Cost"]}
          empty="No days in range."
          rows={byDay.map((d) => [d.day, num(d.calls), num(d.tokens), formatMicros(d.costMicros)])}
        />
      </section>
    </div>
  );
}
