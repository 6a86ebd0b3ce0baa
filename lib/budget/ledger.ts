// The ledger is the source of truth; counters are a cache of it for fast checks.
// rebuildCounters() recomputes a user's counters from the ledger (after a bug, a
// manual correction, or to verify), putting each call in the windows of its
// instant exactly as settle() does.
import { getDb } from "@/lib/db/client";
import { loadBillingPeriods } from "./account";
import { toDate, toInt, ts } from "./sql";
import { windowsAt } from "./windows";

export interface CounterRow {
  window: "day" | "month";
  windowStart: string;
  tokensUsed: number;
  costMicros: number;
}

/** Counters as the ledger says they should be, sorted for comparison. */
export async function countersFromLedger(userId: string): Promise<CounterRow[]> {
  const db = getDb();
  const periods = await loadBillingPeriods(userId);
  const rows = await db.$queryRaw<{ created_at: unknown; total_tokens: unknown; cost_micros: unknown }[]>`
    SELECT created_at, total_tokens, cost_micros FROM usage_ledger WHERE user_id = ${userId}`;
  const sums = new Map<string, CounterRow>();
  for (const r of rows) {
    const w = windowsAt(toDate(r.created_at), periods);
    for (const win of [w.day, w.month]) {
      const key = `${win.kind}|${win.start.toISOString()}`;
      const row = sums.get(key) ?? {
        window: win.kind,
        windowStart: win.start.toISOString(),
        tokensUsed: 0,
        costMicros: 0,
      };
      row.tokensUsed += toInt(r.total_tokens);
      row.costMicros += toInt(r.cost_micros);
      sums.set(key, row);
    }
  }
  return sortRows([...sums.values()]);
}

export async function readCounters(userId: string): Promise<CounterRow[]> {
  const rows = await getDb().$queryRaw<
    { window: "day" | "month"; window_start: unknown; tokens_used: unknown; cost_micros: unknown }[]
  >`SELECT "window", window_start, tokens_used, cost_micros FROM budget_counters WHERE user_id = ${userId}`;
  return sortRows(
    rows.map((r) => ({
      window: r.window,
      windowStart: toDate(r.window_start).toISOString(),
      tokensUsed: toInt(r.tokens_used),
      costMicros: toInt(r.cost_micros),
    })),
  );
}

/** Replaces the user's counters with the ledger's totals, atomically. */
export async function rebuildCounters(userId: string): Promise<CounterRow[]> {
  const rows = await countersFromLedger(userId);
  await getDb().$transaction(async (tx) => {
    // Same row lock as reserve(): no reservation decides on half-rebuilt counters.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
    await tx.$executeRaw`DELETE FROM budget_counters WHERE user_id = ${userId}`;
    for (const r of rows) {
      await tx.$executeRaw`
        INSERT INTO budget_counters (user_id, "window", window_start, tokens_used, cost_micros)
        VALUES (${userId}, ${r.window}, ${ts(new Date(r.windowStart))}, ${r.tokensUsed}, ${r.costMicros})`;
    }
  });
  return rows;
}

function sortRows(rows: CounterRow[]): CounterRow[] {
  return rows.sort((a, b) => (a.window + a.windowStart).localeCompare(b.window + b.windowStart));
}
