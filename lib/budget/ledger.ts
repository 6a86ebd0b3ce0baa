// The ledger is the source of truth; counters are a cache of it for fast checks.
// rebuildCounters() recomputes a user's counters from the ledger (after a bug, a
// manual correction, or to verify), putting each call in the windows of its
// instant exactly as settle() does.
import { query, toInt, transaction } from "@/lib/db/sql";
import { loadBillingPeriods } from "./account";
import * as statements from "./statements";
import { windowsAt } from "./windows";

export interface CounterRow {
  window: "day" | "month";
  windowStart: string;
  tokensUsed: number;
  costMicros: number;
}

/** Counters as the ledger says they should be, sorted for comparison. */
export async function countersFromLedger(userId: string): Promise<CounterRow[]> {
  const periods = await loadBillingPeriods(userId);
  const rows = await query<{ created_at: Date; total_tokens: unknown; cost_micros: unknown }>(
    statements.ledgerUsage(userId),
  );
  const sums = new Map<string, CounterRow>();
  for (const r of rows) {
    const w = windowsAt(r.created_at, periods);
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
  const rows = await query<{ window: "day" | "month"; window_start: Date; tokens_used: unknown; cost_micros: unknown }>(
    statements.counters(userId),
  );
  return sortRows(
    rows.map((r) => ({
      window: r.window,
      windowStart: r.window_start.toISOString(),
      tokensUsed: toInt(r.tokens_used),
      costMicros: toInt(r.cost_micros),
    })),
  );
}

/** Replaces the user's counters with the ledger's totals, atomically. */
export async function rebuildCounters(userId: string): Promise<CounterRow[]> {
  const rows = await countersFromLedger(userId);
  await transaction(async (tx) => {
    // Same row lock as reserve(): no reservation decides on half-rebuilt counters.
    await query(statements.lockUser(userId), tx);
    await query(statements.deleteCounters(userId), tx);
    for (const r of rows) await query(statements.insertCounter(userId, r), tx);
  });
  return rows;
}

function sortRows(rows: CounterRow[]): CounterRow[] {
  return rows.sort((a, b) => (a.window + a.windowStart).localeCompare(b.window + b.windowStart));
}
