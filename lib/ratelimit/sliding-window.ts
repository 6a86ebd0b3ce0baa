// A rate limiter that holds across app instances with no Redis: counters live in
// rate_limit_buckets, one row per key per fixed window. The sliding-window
// estimate is current + previous × (share of the previous window still inside
// the last `windowMs`), the previous part computed exactly and rounded up
// (statements.ts). Check-and-add is ONE statement (ON CONFLICT DO UPDATE ...
// WHERE re-checks against the latest row version under its row lock), so
// concurrent callers on any instance can never jointly exceed the limit.
import { query, toInt } from "@/lib/db/sql";
import {
  bucketRow,
  consumeStatement,
  leaseStatement,
  pruneStatement,
  refundStatement,
  takeAllSql,
  takenKeys,
  windowAt,
  type Check,
  type TakeAll,
} from "./statements";
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
  const { elapsed } = windowAt(now, windowMs);
  const rows = await query<{ taken: unknown; prev: unknown; cur: unknown }>(
    consumeStatement(key, limit, windowMs, amount, now),
  );
  if (Math.random() < 1 / PRUNE_EVERY) void pruneRateLimitBuckets(new Date(now.getTime() - 10 * 60_000));
  const r = rows[0];
  const prev = toInt(r?.prev);
  // Rounded up, as in the statement: rounding down let one more through just after a window turned.
  const prevWeighted = Math.ceil((prev * (windowMs - elapsed)) / windowMs);
  if (r?.taken != null) return { allowed: true, used: toInt(r.taken) + prevWeighted, retryAfterSeconds: 0 };
  // `cur` was read in the statement's snapshot, so it may trail concurrent adds. The
  // refusal itself proves the count had reached limit - amount - previous + 1 (the
  // upsert re-checks the latest row), so Retry-After never counts on room that is gone.
  const cur = Math.max(toInt(r?.cur), limit - amount - prevWeighted + 1);
  const waitMs = retryAfterMs({ cur, prev, elapsed, windowMs, limit, amount });
  return { allowed: false, used: cur + prevWeighted, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * Takes up to `block` of `key`'s room in the current window, and at least
 * `need`, for a caller that hands it out itself in memory (model-lease.ts).
 * Returns what was taken: 0 when not even `need` fits. The row is locked for
 * the read and the add, so concurrent leases never take more than the limit.
 */
export async function leaseUpTo(
  input: Omit<ConsumeInput, "amount"> & { need: number; block: number },
): Promise<number> {
  const { key, limit, windowMs, now } = input;
  const need = Math.max(1, Math.ceil(input.need));
  const block = Math.max(need, Math.ceil(input.block));
  await query(bucketRow(key, windowMs, now));
  const [row] = await query<{ granted: unknown }>(leaseStatement(key, limit, windowMs, need, block, now));
  return row ? toInt(row.granted) : 0;
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
  await query(refundStatement(key, windowMs, amount, at));
}

export async function pruneRateLimitBuckets(before: Date): Promise<number> {
  try {
    const rows = await query(pruneStatement(before));
    return rows.length;
  } catch (err) {
    // Pruning is housekeeping; a failure must not fail the request that triggered it.
    logger.warn({ err }, "rate limit bucket pruning failed");
    return 0;
  }
}

/** Gives back what a takeAllSql() statement took (the keys it reports as taken). */
export async function refundTaken(t: TakeAll, keys: readonly string[]): Promise<void> {
  const taken = new Set(keys);
  await Promise.all(
    t.checks.map((c, i) => (taken.has(c.key) ? refund(c.key, t.windowMs, t.amounts[i]!, t.now) : Promise.resolve())),
  );
}

/**
 * The common case in one statement: takes every check if all of them fit right
 * now and returns true. Otherwise returns false with nothing taken (a check that
 * won a race alone is given back), and the caller goes the slow way, one check
 * at a time, for exact Retry-After figures and waiting.
 */
export async function tryConsumeAll(checks: Check[], windowMs: number, now: Date): Promise<boolean> {
  if (checks.length === 0) return true;
  const t = takeAllSql(checks, windowMs, now);
  const [row] = await query<{ keys: string[] }>(takenKeys(t));
  const keys = row?.keys ?? [];
  if (keys.length === checks.length) return true;
  await refundTaken(t, keys);
  return false;
}
