// Reads what a budget decision needs about one user: limits and live billing
// periods. Inside the reservation transaction the user row is locked first.
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import type { TransactionClient } from "@/lib/db/generated/internal/prismaNamespace";
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";
import { effectiveLimits, type EffectiveLimits } from "./limits";
import { LIVE_SUBSCRIPTION_STATUSES, type BillingPeriod } from "./windows";

export type Db = PrismaClient | TransactionClient;

interface UserRow {
  tier: Tier;
  tier_override: Tier | null;
  daily_token_override: bigint | null;
  month_token_override: bigint | null;
}

/**
 * `lock: true` takes FOR NO KEY UPDATE on the user row: concurrent reservations of
 * one user serialize across every process, while settlements (whose counter and
 * ledger inserts only need KEY SHARE for their foreign keys) are not blocked.
 */
export async function loadBudgetAccount(
  db: Db,
  userId: string,
  opts: { lock?: boolean } = {},
): Promise<{ limits: EffectiveLimits; periods: BillingPeriod[] }> {
  // One round trip: the user row (locked or not) with its live billing periods.
  const lock = opts.lock ? Prisma.sql`FOR NO KEY UPDATE OF u` : Prisma.empty;
  const rows = await db.$queryRaw<(UserRow & { periods: unknown })[]>`
    SELECT u.tier, u.tier_override, u.daily_token_override, u.month_token_override, ${periodsSql(Prisma.sql`u.id`)} AS periods
    FROM users u WHERE u.id = ${userId} ${lock}`;
  const user = rows[0];
  if (!user) throw new AppError("unauthorized:chat", "Your session has ended. Reload the page to continue.");
  return {
    limits: effectiveLimits({
      tier: user.tier,
      tierOverride: user.tier_override,
      dailyTokenOverride: user.daily_token_override,
      monthTokenOverride: user.month_token_override,
    }),
    periods: parsePeriods(user.periods),
  };
}

/** A subquery giving the user's live billing periods as JSON [[startMs, endMs], ...]. */
export function periodsSql(userIdExpr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(json_build_array(
      (extract(epoch FROM s.current_period_start) * 1000)::bigint,
      (extract(epoch FROM s.current_period_end) * 1000)::bigint)), '[]'::json)
    FROM subscriptions s WHERE s.user_id = ${userIdExpr}
      AND s.status IN (${Prisma.join([...LIVE_SUBSCRIPTION_STATUSES])}))`;
}

export function parsePeriods(json: unknown): BillingPeriod[] {
  const list = (typeof json === "string" ? JSON.parse(json) : json) as [number, number][] | null;
  return (list ?? []).map(([s, e]) => ({
    currentPeriodStart: new Date(Number(s)),
    currentPeriodEnd: new Date(Number(e)),
  }));
}

export async function loadBillingPeriods(db: Db, userId: string): Promise<BillingPeriod[]> {
  const rows = await db.$queryRaw<{ periods: unknown }[]>`SELECT ${periodsSql(Prisma.sql`${userId}`)} AS periods`;
  return parsePeriods(rows[0]?.periods);
}
