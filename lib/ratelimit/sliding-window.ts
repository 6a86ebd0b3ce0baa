// A rate limiter that holds across app instances with no Redis: counters live in
// rate_limit_buckets, one row per key per fixed window. The sliding-window
// estimate is current + previous × (share of the previous window still inside
// the last `windowMs`). Check-and-add is ONE statement (ON CONFLICT DO UPDATE ...
// WHERE re-checks against the latest row version under its row lock), so
// concurrent callers on any instance can never jointly exceed the limit.
import { getDb } from "@/lib/db/client";
import { toInt, ts } from "@/lib/budget/sql";
import { logger } from "@/lib/log/logger";

export interface LimitResult {
  allowed: boolean;
  /** Sliding estimate after this call (allowed) or as found (refused). */
  used: number;
  /** Seconds until `amount` more would fit; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface ConsumeInput {
  key: string;
  limit: number;
  windowMs: number;
  amount?: number;
  now: Date;
}

// Old buckets are deleted by whoever happens to pass by, about once per this many calls.
const PRUNE_EVERY = 200;

export async function consume(input: ConsumeInput): Promise<LimitResult> {
  const { key, limit, windowMs, now } = input;
  const amount = Math.max(0, Math.ceil(input.amount ?? 1));
  const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
  const elapsed = now.getTime() - startMs;
  const weightMille = Math.round(1000 * (1 - elapsed / windowMs));
  const start = new Date(startMs);
  const prevStart = new Date(startMs - windowMs);
  const rows = await getDb().$queryRaw<{ taken: unknown; prev: unknown; cur: unknown }[]>`
    WITH prev AS (
      SELECT COALESCE(SUM(count), 0)::bigint * ${weightMille} / 1000 AS w FROM rate_limit_buckets
      WHERE key = ${key} AND window_start = ${ts(prevStart)}
    ), up AS (
      INSERT INTO rate_limit_buckets (key, window_start, count)
      SELECT ${key}, ${ts(start)}, ${amount}::bigint WHERE ${amount}::bigint + (SELECT w FROM prev) <= ${limit}
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
        WHERE rate_limit_buckets.count + EXCLUDED.count + (SELECT w FROM prev) <= ${limit}
      RETURNING count
    )
    SELECT (SELECT count FROM up) AS taken,
      (SELECT COALESCE(SUM(count), 0)::bigint FROM rate_limit_buckets
        WHERE key = ${key} AND window_start = ${ts(prevStart)}) AS prev,
      (SELECT COALESCE(SUM(count), 0)::bigint FROM rate_limit_buckets
        WHERE key = ${key} AND window_start = ${ts(start)}) AS cur`;
  if (Math.random() < 1 / PRUNE_EVERY) void pruneRateLimitBuckets(new Date(now.getTime() - 10 * 60_000));
  const r = rows[0];
  const prev = toInt(r?.prev);
  const prevWeighted = Math.floor((prev * weightMille) / 1000);
  if (r?.taken != null) return { allowed: true, used: toInt(r.taken) + prevWeighted, retryAfterSeconds: 0 };
  // `cur` was read in the statement's snapshot, so it may trail a concurrent add: a
  // slightly early Retry-After is harmless (the retry is simply checked again).
  const cur = toInt(r?.cur);
  const waitMs = retryAfterMs({ cur, prev, elapsed, windowMs, limit, amount });
  return { allowed: false, used: cur + prevWeighted, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** How long until the sliding estimate leaves room for `amount` more. */
export function retryAfterMs(s: {
  cur: number;
  prev: number;
  elapsed: number;
  windowMs: number;
  limit: number;
  amount: number;
}): number {
  const room = s.limit - s.amount;
  if (room < 0) return s.windowMs * 2; // can never fit; callers should not ask for this
  if (s.cur <= room) {
    // Only the previous window's tail is in the way: wait until it decays enough.
    if (s.prev <= 0) return 0;
    const f = 1 - (room - s.cur) / s.prev;
    return Math.max(0, f * s.windowMs - s.elapsed);
  }
  // This window is full: in the next one it becomes the decaying "previous".
  const f = 1 - room / s.cur;
  return s.windowMs - s.elapsed + Math.max(0, f * s.windowMs);
}

/** Gives back an amount taken by consume() (e.g. a paired limit refused). */
export async function refund(key: string, windowMs: number, amount: number, at: Date): Promise<void> {
  const start = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  await getDb().$executeRaw`
    UPDATE rate_limit_buckets SET count = GREATEST(0, count - ${Math.ceil(amount)}::bigint)
    WHERE key = ${key} AND window_start = ${ts(start)}`;
}

export async function pruneRateLimitBuckets(before: Date): Promise<number> {
  try {
    return await getDb().$executeRaw`DELETE FROM rate_limit_buckets WHERE window_start < ${ts(before)}`;
  } catch (err) {
    // Pruning is housekeeping; a failure must not fail the request that triggered it.
    logger.warn({ err }, "rate limit bucket pruning failed");
    return 0;
  }
}
