// Admin override of one user's tier and token budgets. null clears an override
// (back to the tier's default); an omitted field is left as it is.
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";

export interface BudgetOverride {
  tierOverride?: Tier | null;
  dailyTokenOverride?: number | null;
  monthTokenOverride?: number | null;
}

export interface OverrideResult {
  userId: string;
  tier: Tier;
  tierOverride: Tier | null;
  dailyTokenOverride: number | null;
  monthTokenOverride: number | null;
}

const big = (v: number | null | undefined) => (v === undefined ? undefined : v === null ? null : BigInt(v));
const num = (v: bigint | null) => (v === null ? null : Number(v));

export async function overrideBudget(input: {
  actorId: string;
  userId: string;
  ip: string | null;
  change: BudgetOverride;
}): Promise<OverrideResult> {
  const db = getDb();
  const before = await db.user.findUnique({
    where: { id: input.userId },
    select: { tierOverride: true, dailyTokenOverride: true, monthTokenOverride: true },
  });
  if (!before) throw new AppError("not_found:admin", "No user with this id.");
  const user = await db.user.update({
    where: { id: input.userId },
    data: {
      tierOverride: input.change.tierOverride,
      dailyTokenOverride: big(input.change.dailyTokenOverride),
      monthTokenOverride: big(input.change.monthTokenOverride),
    },
    select: { id: true, tier: true, tierOverride: true, dailyTokenOverride: true, monthTokenOverride: true },
  });
  const result: OverrideResult = {
    userId: user.id,
    tier: user.tierOverride ?? user.tier,
    tierOverride: user.tierOverride,
    dailyTokenOverride: num(user.dailyTokenOverride),
    monthTokenOverride: num(user.monthTokenOverride),
  };
  await recordAudit({
    actorId: input.actorId,
    action: "admin.budget_override",
    targetType: "user",
    targetId: input.userId,
    ip: input.ip,
    metadata: {
      before: {
        tierOverride: before.tierOverride,
        dailyTokenOverride: num(before.dailyTokenOverride),
        monthTokenOverride: num(before.monthTokenOverride),
      },
      after: {
        tierOverride: result.tierOverride,
        dailyTokenOverride: result.dailyTokenOverride,
        monthTokenOverride: result.monthTokenOverride,
      },
    },
  });
  return result;
}
