// Pure view logic of the usage meter (no React), so it can be unit tested: which
// limit the user hit, when it resets, and the way up.
import type { UsageReport, WindowUsage } from "@/lib/budget/usage-report";

export type { UsageReport, WindowUsage };

export function left(w: WindowUsage): number | null {
  return w.limit == null ? null : Math.max(0, w.limit - w.used);
}

export function percent(w: WindowUsage): number | null {
  if (w.limit == null) return null;
  if (w.limit <= 0) return 100;
  return Math.min(100, Math.floor((w.used / w.limit) * 100));
}

/** The window that blocks (or nearly blocks) the user, and so whose reset matters. */
export function bindingWindow(r: UsageReport): { name: "today" | "this month"; window: WindowUsage } {
  const dayPct = percent(r.day) ?? 0;
  const monthPct = percent(r.month) ?? 0;
  const costFull = r.cost.capMicros != null && r.cost.usedMicros >= r.cost.capMicros;
  if (monthPct >= 100 || costFull || monthPct > dayPct) return { name: "this month", window: r.month };
  return { name: "today", window: r.day };
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1_000)}k`;
  return n.toLocaleString("en-US");
}
