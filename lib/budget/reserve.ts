// Reserve, the first half of reserve-then-settle. In one transaction: lock the
// user row (serializes this user's reservations across all app instances), read
// settled use + live holds in one snapshot, and either insert a hold for the
// call's worst case or refuse with 402. Holds past expiresAt (a crashed request)
// stop counting at once and are marked expired here, so no cron is needed.
import crypto from "node:crypto";
import { getDb } from "@/lib/db/client";
import { loadBudgetAccount } from "./account";
import { budgetExceeded, type BudgetLimitKind } from "./errors";
import type { EffectiveLimits } from "./limits";
import { readSnapshot, type SpendSnapshot } from "./snapshot";
import { ts } from "./sql";
import { oneAtATime } from "./user-queue";
import { windowsAt, type Window } from "./windows";

export const DEFAULT_RESERVATION_TTL_MS = 10 * 60_000;

export interface ReserveInput {
  userId: string;
  tokens: number;
  costMicros: number;
  now: Date;
  ttlMs?: number;
}

export interface Reservation {
  id: string;
  limits: EffectiveLimits;
  windows: { day: Window; month: Window };
}

export async function reserve(input: ReserveInput): Promise<Reservation> {
  const { userId, now } = input;
  const tokens = Math.max(0, Math.ceil(input.tokens));
  const costMicros = Math.max(0, Math.ceil(input.costMicros));
  return oneAtATime(userId, () =>
    getDb().$transaction(
      async (tx) => {
        const { limits, periods } = await loadBudgetAccount(tx, userId, { lock: true });
        const windows = windowsAt(now, periods);
        const snap = await readSnapshot(tx, userId, windows, now, { sweepExpired: true });
        const blocked = overrun(limits, snap, windows, tokens, costMicros);
        if (blocked) throw budgetExceeded({ tier: limits.tier, ...blocked });
        const id = crypto.randomUUID();
        const expiresAt = new Date(now.getTime() + (input.ttlMs ?? DEFAULT_RESERVATION_TTL_MS));
        await tx.$executeRaw`
        INSERT INTO budget_reservations (id, user_id, tokens, cost_micros, status, expires_at, created_at)
        VALUES (${id}, ${userId}, ${tokens}, ${costMicros}, 'active', ${ts(expiresAt)}, ${ts(now)})`;
        return { id, limits, windows };
      },
      // Many requests of one user queue on the row lock; each holds it for a few ms.
      { maxWait: 15_000, timeout: 15_000 },
    ),
  );
}

/** The limit a new hold would break, with the instant it next resets; null if it fits. */
export function overrun(
  limits: EffectiveLimits,
  s: SpendSnapshot,
  windows: { day: Window; month: Window },
  tokens: number,
  costMicros: number,
): { limit: BudgetLimitKind; resetAt: Date } | null {
  const broken: { limit: BudgetLimitKind; resetAt: Date }[] = [];
  if (limits.dailyTokens != null && s.dayTokens + s.heldTokens + tokens > limits.dailyTokens)
    broken.push({ limit: "day", resetAt: windows.day.end });
  if (limits.monthlyTokens != null && s.monthTokens + s.heldTokens + tokens > limits.monthlyTokens)
    broken.push({ limit: "month", resetAt: windows.month.end });
  if (
    limits.monthlyCostCapMicros != null &&
    s.monthCostMicros + s.heldCostMicros + costMicros > limits.monthlyCostCapMicros
  )
    broken.push({ limit: "cost", resetAt: windows.month.end });
  // Several limits: the caller can continue only once the latest one resets.
  return broken.reduce<(typeof broken)[number] | null>(
    (latest, b) => (!latest || b.resetAt > latest.resetAt ? b : latest),
    null,
  );
}

/** Gives a hold back unused (the call never reached the model). */
export async function release(reservationId: string, now: Date): Promise<void> {
  await getDb().$executeRaw`
    UPDATE budget_reservations SET status = 'released', settled_at = ${ts(now)}
    WHERE id = ${reservationId} AND status = 'active'`;
}
