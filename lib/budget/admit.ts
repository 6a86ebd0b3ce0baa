// The usual chat admission in ONE round trip, in the exact path's order: the
// budget hold through budget_reserve() (which locks the user row, as reserve()
// does), then, only if it was reserved, the rate limits' fast path (every check
// takes its amount if it fits). The global model limiter is not in it: it is
// admitted in memory against this instance's lease (lib/ratelimit/model-lease.ts).
// Anything else (the budget short, a limit full, the account changed since it
// was read) gives back what was taken and returns null: the caller then goes the
// exact way, reserve() then the limiters, for the right error (402 before 429)
// and Retry-After.
// With a proof (a remembered identity, see identity-hints.ts) the statement
// checks it first and reserves for the user it found: none found, nothing taken.
import { query, sql, type Sql } from "@/lib/db/sql";
import { refundTaken } from "@/lib/ratelimit/sliding-window";
import { takeAllSql, type Check } from "@/lib/ratelimit/statements";
import type { BudgetAccount, SpendSnapshot } from "./account";
import { newHold, release, reserveCall, snapshotOf, type Reservation, type ReserveRow } from "./reserve";
import { oneAtATime } from "./user-queue";

export interface AdmitInput {
  userId: string;
  /** A recent unlocked read; budget_reserve() refuses it as stale if it changed. */
  account: BudgetAccount;
  tokens: number;
  costMicros: number;
  now: Date;
  ttlMs: number;
  /** Rate limits, all in one window of `windowMs`. */
  checks: Check[];
  windowMs: number;
  /** WITH queries ending in who(id) (IdentityProof): the hold is for that row's user, and only if it has one. */
  proof?: Sql;
}

export interface Admission extends Reservation {
  /** Settled use and live holds under the row lock, before this hold. */
  snapshot: SpendSnapshot;
  /** Takes the admission back whole (the hold and every rate-limit count), for a call that will not be made. */
  undo(now: Date): Promise<void>;
}

type AdmitRow = ReserveRow & { keys: string[] };

export async function admitFast(input: AdmitInput): Promise<Admission | null> {
  const { userId, account, now, proof } = input;
  const hold = newHold(input);
  const { call, windows } = reserveCall(userId, account, hold, proof && sql`who.id`);
  // Through who(id) the call depends on its row, so it runs once per row: never without one.
  const reserved = proof
    ? sql`${proof}, hold AS (SELECT r.* FROM who, LATERAL ${call} r)`
    : sql`hold AS (SELECT * FROM ${call})`;
  const take = takeAllSql(input.checks, input.windowMs, now, sql`(SELECT outcome FROM hold) = 'reserved'`);
  // Same per-user queue as reserve(): a burst from one user waits here, not on the row lock.
  const row = await oneAtATime(userId, async () => {
    const [r] = await query<AdmitRow>(sql`
      WITH ${reserved}, ${take.ctes}
      SELECT h.*, t.keys FROM hold h, taken t`);
    return r;
  });
  const keys = row?.keys ?? [];
  if (row?.outcome === "reserved" && keys.length === input.checks.length) {
    const undo = async (at: Date) => void (await Promise.all([release(hold.id, at), refundTaken(take, keys)]));
    return { id: hold.id, limits: account.limits, windows, snapshot: snapshotOf(row), undo };
  }
  if (row?.outcome === "reserved") await release(hold.id, now);
  await refundTaken(take, keys);
  return null;
}
