// The admin dashboard's front page: who uses the product, what it costs today
// and this month, what it earns, and whether Stripe's webhooks are failing.
import { calendarMonthWindow, dayWindow } from "@/lib/budget/windows";
import { query, toInt } from "@/lib/db/sql";
import type { Tier } from "@/lib/db/generated/enums";
import { revenue } from "./revenue";
import { failedEventCount, spendTotals, usersByTier } from "./statements";

export interface SpendTotals {
  calls: number;
  tokens: number;
  costMicros: number;
}

export interface Overview {
  /** By the plan in force (an admin's override wins over the subscribed tier). */
  usersByTier: { tier: Tier; users: number }[];
  guests: number;
  today: SpendTotals;
  month: SpendTotals;
  mrrCents: number;
  failedWebhooks7d: number;
}

export async function overview(now = new Date()): Promise<Overview> {
  const day = dayWindow(now).start;
  const month = calendarMonthWindow(now).start;
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const [users, [spend], [hooks], rev] = await Promise.all([
    query<{ tier: Tier; guest: boolean; n: string }>(usersByTier),
    query(spendTotals(day, month)),
    query(failedEventCount(weekAgo)),
    revenue(),
  ]);
  const byTier = new Map<Tier, number>();
  let guests = 0;
  for (const u of users) {
    if (u.guest) guests += toInt(u.n);
    else byTier.set(u.tier, (byTier.get(u.tier) ?? 0) + toInt(u.n));
  }
  return {
    usersByTier: [...byTier].map(([tier, count]) => ({ tier, users: count })),
    guests,
    today: { calls: toInt(spend?.day_calls), tokens: toInt(spend?.day_tokens), costMicros: toInt(spend?.day_cost) },
    month: {
      calls: toInt(spend?.month_calls),
      tokens: toInt(spend?.month_tokens),
      costMicros: toInt(spend?.month_cost),
    },
    mrrCents: rev.mrrCents,
    failedWebhooks7d: toInt(hooks?.n),
  };
}
