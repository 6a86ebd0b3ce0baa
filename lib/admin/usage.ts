// What the model calls cost the operator, from the usage ledger: by model, and
// by UTC day, over the last days.
import { dayWindow } from "@/lib/budget/windows";
import { query, toInt } from "@/lib/db/sql";
import { costByDaySince, costByModelSince } from "./statements";

export interface ModelCost {
  model: string;
  calls: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  costMicros: number;
  /** Calls whose usage is a local estimate (stream broke or stopped). */
  estimatedCalls: number;
  /** Calls that failed (not those the user stopped, nor blocked prompts). */
  failedCalls: number;
  avgLatencyMs: number;
}

export interface DayCost {
  day: string; // YYYY-MM-DD (UTC)
  calls: number;
  tokens: number;
  costMicros: number;
}

function since(days: number, now: Date): Date {
  return new Date(dayWindow(now).start.getTime() - (days - 1) * 86_400_000);
}

export async function costByModel(days: number, now = new Date()): Promise<ModelCost[]> {
  const rows = await query(costByModelSince(since(days, now)));
  return rows.map((r) => ({
    model: String(r.model),
    calls: toInt(r.calls),
    inputTokens: toInt(r.input),
    cachedTokens: toInt(r.cached),
    outputTokens: toInt(r.output),
    thinkingTokens: toInt(r.thinking),
    costMicros: toInt(r.cost),
    estimatedCalls: toInt(r.estimated),
    failedCalls: toInt(r.failed),
    avgLatencyMs: toInt(r.latency),
  }));
}

/** One row per UTC day in the range, days without calls included, newest first. */
export async function costByDay(days: number, now = new Date()): Promise<DayCost[]> {
  const from = since(days, now);
  const rows = await query(costByDaySince(from, days));
  return rows.map((r) => ({
    day: String(r.day),
    calls: toInt(r.calls),
    tokens: toInt(r.tokens),
    costMicros: toInt(r.cost),
  }));
}
