// What the model calls cost the operator, from the usage ledger: by model, and
// by UTC day, over the last days.
import { dayWindow } from "@/lib/budget/windows";
import { query, sql, toInt } from "@/lib/db/sql";

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
  const rows = await query(sql`
    SELECT model, count(*) AS calls, sum(input_tokens) AS input, sum(cached_tokens) AS cached,
      sum(output_tokens) AS output, sum(thinking_tokens) AS thinking, sum(cost_micros) AS cost,
      count(*) FILTER (WHERE estimated) AS estimated, count(*) FILTER (WHERE outcome = 'error') AS failed,
      round(avg(latency_ms)) AS latency
    FROM usage_ledger WHERE created_at >= ${since(days, now)}::timestamp
    GROUP BY model ORDER BY sum(cost_micros) DESC, model`);
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
  const rows = await query(sql`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, count(l.id) AS calls,
      COALESCE(sum(l.total_tokens), 0) AS tokens, COALESCE(sum(l.cost_micros), 0) AS cost
    FROM generate_series(${from}::timestamp, ${from}::timestamp + ${days - 1} * interval '1 day', interval '1 day') AS d(day)
    LEFT JOIN usage_ledger l ON l.created_at >= d.day AND l.created_at < d.day + interval '1 day'
    GROUP BY d.day ORDER BY d.day DESC`);
  return rows.map((r) => ({
    day: String(r.day),
    calls: toInt(r.calls),
    tokens: toInt(r.tokens),
    costMicros: toInt(r.cost),
  }));
}
