// Recurring revenue from the subscriptions Stripe reported (kept in sync by the
// webhooks): monthly-equivalent amounts from the plan catalog, in cents.
import { plans, type PlanPrice } from "@/lib/billing/catalog";
import { query, toInt } from "@/lib/db/sql";
import type { Tier } from "@/lib/db/generated/enums";
import { latestSubscriptions, subscriptionGroups } from "./statements";

export interface SubscriptionRow {
  id: string;
  email: string | null;
  tier: Tier;
  status: string;
  priceId: string;
  /** Monthly equivalent in cents (a yearly price / 12); null for a price not in the catalog. */
  monthlyCents: number | null;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
}

export interface Revenue {
  /** Monthly recurring revenue: active and past-due subscriptions (trials pay nothing yet). */
  mrrCents: number;
  byTier: { tier: Tier; subscriptions: number; mrrCents: number }[];
  byStatus: { status: string; subscriptions: number }[];
  /** Paying subscriptions on a price the catalog does not know (left out of the MRR). */
  unknownPrices: number;
  /** The latest, for the table (the figures above count them all). */
  subscriptions: SubscriptionRow[];
}

const PAYING = new Set(["active", "past_due"]);

export function monthlyCents(price: PlanPrice): number {
  return price.interval === "year" ? Math.round(price.unitAmount / 12) : price.unitAmount;
}

/** The 500 latest subscriptions for the table; the totals count every one. */
const LISTED = 500;

export async function revenue(): Promise<Revenue> {
  const prices = new Map(plans().flatMap((p) => p.prices.map((price) => [price.id, price] as const)));
  const monthly = (priceId: string) => {
    const price = prices.get(priceId);
    return price ? monthlyCents(price) : null;
  };
  const [groups, rows] = await Promise.all([
    query<{ status: string; tier: Tier; price_id: string; n: string }>(subscriptionGroups),
    query<{
      id: string;
      email: string | null;
      tier: Tier;
      status: string;
      price_id: string;
      current_period_end: Date;
      cancel_at_period_end: boolean;
    }>(latestSubscriptions(LISTED)),
  ]);
  const byTier = new Map<Tier, { tier: Tier; subscriptions: number; mrrCents: number }>();
  const byStatus = new Map<string, number>();
  let mrrCents = 0;
  let unknownPrices = 0;
  for (const g of groups) {
    const n = toInt(g.n);
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + n);
    if (!PAYING.has(g.status)) continue;
    const each = monthly(g.price_id);
    if (each === null) {
      unknownPrices += n;
      continue;
    }
    mrrCents += each * n;
    const t = byTier.get(g.tier) ?? { tier: g.tier, subscriptions: 0, mrrCents: 0 };
    t.subscriptions += n;
    t.mrrCents += each * n;
    byTier.set(g.tier, t);
  }
  return {
    mrrCents,
    byTier: [...byTier.values()].sort((a, b) => b.mrrCents - a.mrrCents),
    byStatus: [...byStatus].map(([status, count]) => ({ status, subscriptions: count })),
    unknownPrices,
    subscriptions: rows.map((r) => ({
      id: r.id,
      email: r.email,
      tier: r.tier,
      status: r.status,
      priceId: r.price_id,
      monthlyCents: monthly(r.price_id),
      currentPeriodEnd: r.current_period_end,
      cancelAtPeriodEnd: r.cancel_at_period_end,
    })),
  };
}
