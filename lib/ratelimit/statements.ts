// Rate limiting's SQL statements over rate_limit_buckets, as builders that only
// compose text and values (lib/db/sql.ts runs them; sliding-window.ts reads the
// results). takeAllSql() gives CTEs that other statements extend: the budget's
// admission (lib/budget/admit.ts) takes rate limits in the same statement as its hold.
import { joinSql, sql, type Sql } from "@/lib/db/sql";

/** The fixed window holding `now`: its start, the previous window's start, and the time elapsed in it. */
export function windowAt(now: Date, windowMs: number): { start: Date; prevStart: Date; elapsed: number } {
  const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(startMs), prevStart: new Date(startMs - windowMs), elapsed: now.getTime() - startMs };
}

/**
 * The previous window's count still inside the last `windowMs`, rounded up, as
 * SQL: prev × (windowMs − elapsed) / windowMs in integers, so exact. Ending the
 * window at a whole count that way is what makes "current + amount + weighted
 * previous <= limit" never let one more through.
 */
function weightedSql(prev: Sql, windowMs: number, elapsedMs: number): Sql {
  const remaining = windowMs - elapsedMs;
  return sql`((${prev})::bigint * ${remaining}::bigint + ${windowMs - 1}::bigint) / ${windowMs}::bigint`;
}

/** `prev(w)`: the weighted count of `key`'s previous window (weightedSql()). */
function prevCte(key: string, prevStart: Date, windowMs: number, elapsed: number): Sql {
  return sql`prev AS (
      SELECT ${weightedSql(sql`COALESCE(SUM(count), 0)`, windowMs, elapsed)} AS w FROM rate_limit_buckets
      WHERE key = ${key} AND window_start = ${prevStart}::timestamp
    )`;
}

/**
 * Check-and-add as one statement: adds `amount` to `key`'s current window if
 * the sliding estimate stays within `limit` (the upsert re-checks the latest
 * row under its lock). One row: `taken` (the new count, null when refused) and
 * the raw `prev` and `cur` counts.
 */
export function consumeStatement(key: string, limit: number, windowMs: number, amount: number, now: Date): Sql {
  const { start, prevStart, elapsed } = windowAt(now, windowMs);
  return sql`
    WITH ${prevCte(key, prevStart, windowMs, elapsed)}, up AS (
      INSERT INTO rate_limit_buckets (key, window_start, count)
      SELECT ${key}::text, ${start}::timestamp, ${amount}::bigint WHERE ${amount}::bigint + (SELECT w FROM prev) <= ${limit}
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
        WHERE rate_limit_buckets.count + EXCLUDED.count + (SELECT w FROM prev) <= ${limit}
      RETURNING count
    )
    SELECT (SELECT count FROM up) AS taken,
      (SELECT COALESCE(SUM(count), 0)::bigint FROM rate_limit_buckets
        WHERE key = ${key} AND window_start = ${prevStart}::timestamp) AS prev,
      (SELECT COALESCE(SUM(count), 0)::bigint FROM rate_limit_buckets
        WHERE key = ${key} AND window_start = ${start}::timestamp) AS cur`;
}

/** Makes sure `key`'s current window has a row, so a lease can lock it. */
export function bucketRow(key: string, windowMs: number, now: Date): Sql {
  return sql`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${key}::text, ${windowAt(now, windowMs).start}::timestamp, 0)
    ON CONFLICT (key, window_start) DO NOTHING`;
}

/**
 * Takes up to `block` of the room in `key`'s current window, and at least
 * `need`, under the row's lock; a `granted` row when `need` fitted, none otherwise.
 */
export function leaseStatement(
  key: string,
  limit: number,
  windowMs: number,
  need: number,
  block: number,
  now: Date,
): Sql {
  const { start, prevStart, elapsed } = windowAt(now, windowMs);
  return sql`
    WITH ${prevCte(key, prevStart, windowMs, elapsed)}, cur AS (
      SELECT count FROM rate_limit_buckets WHERE key = ${key} AND window_start = ${start}::timestamp FOR UPDATE
    )
    UPDATE rate_limit_buckets b SET count = cur.count + LEAST(${block}::bigint, ${limit}::bigint - prev.w - cur.count)
    FROM cur, prev
    WHERE b.key = ${key} AND b.window_start = ${start}::timestamp AND cur.count + prev.w + ${need}::bigint <= ${limit}::bigint
    RETURNING b.count - cur.count AS granted`;
}

/** Takes `amount` back from `key`'s window at `at`, never below zero. */
export function refundStatement(key: string, windowMs: number, amount: number, at: Date): Sql {
  return sql`
    UPDATE rate_limit_buckets SET count = GREATEST(0, count - ${Math.ceil(amount)}::bigint)
    WHERE key = ${key} AND window_start = ${windowAt(at, windowMs).start}::timestamp`;
}

/** Deletes the buckets of windows that started before `before`; a row per bucket. */
export function pruneStatement(before: Date): Sql {
  return sql`DELETE FROM rate_limit_buckets WHERE window_start < ${before}::timestamp RETURNING 1`;
}

export interface Check {
  key: string;
  limit: number;
  amount?: number;
}

/** A statement part that takes every check that fits; see takeAllSql(). */
export interface TakeAll {
  /** CTEs (without WITH) ending in `taken(keys)`: the keys whose amount was added. */
  ctes: Sql;
  checks: Check[];
  amounts: number[];
  windowMs: number;
  now: Date;
}

/**
 * The common case as CTEs other statements can extend: adds each check's amount
 * where it fits right now (and `onlyIf` holds), leaving the taken keys in
 * `taken(keys)`. All checks share a window. An empty list takes nothing and
 * counts as all taken.
 */
export function takeAllSql(checks: Check[], windowMs: number, now: Date, onlyIf: Sql = sql`true`): TakeAll {
  const { start, prevStart, elapsed } = windowAt(now, windowMs);
  const amounts = checks.map((c) => Math.max(0, Math.ceil(c.amount ?? 1)));
  if (checks.length === 0) return { ctes: sql`taken(keys) AS (SELECT '{}'::text[])`, checks, amounts, windowMs, now };
  const rows = checks.map((c, i) => sql`(${c.key}::text, ${c.limit}::bigint, ${amounts[i]}::bigint)`);
  const ctes = sql`
    req(key, lim, amount) AS (VALUES ${joinSql(rows)}),
    est AS (
      SELECT r.key, r.lim, r.amount, ${weightedSql(
        sql`COALESCE((SELECT b.count FROM rate_limit_buckets b
        WHERE b.key = r.key AND b.window_start = ${prevStart}::timestamp), 0)`,
        windowMs,
        elapsed,
      )} AS prev_w
      FROM req r
    ), up AS (
      INSERT INTO rate_limit_buckets (key, window_start, count)
      SELECT e.key, ${start}::timestamp, e.amount FROM est e
      WHERE e.amount + e.prev_w <= e.lim AND (${onlyIf})
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
        WHERE rate_limit_buckets.count + EXCLUDED.count + (SELECT e.prev_w FROM est e WHERE e.key = EXCLUDED.key)
          <= (SELECT e.lim FROM est e WHERE e.key = EXCLUDED.key)
      RETURNING key
    ), taken(keys) AS (SELECT array(SELECT key FROM up))`;
  return { ctes, checks, amounts, windowMs, now };
}

/** The keys takeAllSql()'s CTEs took, as one `keys` row. */
export function takenKeys(t: TakeAll): Sql {
  return sql`WITH ${t.ctes} SELECT keys FROM taken`;
}
