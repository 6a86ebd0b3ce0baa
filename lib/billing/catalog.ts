// Paid plans and their Stripe prices. Product and price ids come from the
// environment (lib/config/env.ts: required in production); the defaults are the
// ids the Stripe emulator creates.
import { env, type Env } from "@/lib/config/env";
import type { Tier } from "@/lib/db/generated/enums";

export interface PlanPrice {
  id: string;
  interval: "month" | "year";
  /** Smallest currency unit (cents). */
  unitAmount: number;
  currency: string;
}

export interface Plan {
  tier: Extract<Tier, "pro" | "team">;
  productId: string;
  name: string;
  prices: PlanPrice[];
}

export type CatalogIds = Pick<
  Env,
  | "STRIPE_PRODUCT_PRO"
  | "STRIPE_PRODUCT_TEAM"
  | "STRIPE_PRICE_PRO_MONTHLY"
  | "STRIPE_PRICE_PRO_YEARLY"
  | "STRIPE_PRICE_TEAM_MONTHLY"
  | "STRIPE_PRICE_TEAM_YEARLY"
>;

/** Scripts starting the Stripe emulator pass their raw environment, where the ids may be unset. */
export function plans(source: Partial<CatalogIds> | Record<string, string | undefined> = env()): Plan[] {
  return [
    {
      tier: "pro",
      productId: source.STRIPE_PRODUCT_PRO || "prod_pro",
      name: "Pro",
      prices: [
        {
          id: source.STRIPE_PRICE_PRO_MONTHLY || "price_pro_monthly",
          interval: "month",
          unitAmount: 2_000,
          currency: "usd",
        },
        {
          id: source.STRIPE_PRICE_PRO_YEARLY || "price_pro_yearly",
          interval: "year",
          unitAmount: 20_000,
          currency: "usd",
        },
      ],
    },
    {
      tier: "team",
      productId: source.STRIPE_PRODUCT_TEAM || "prod_team",
      name: "Team",
      prices: [
        {
          id: source.STRIPE_PRICE_TEAM_MONTHLY || "price_team_monthly",
          interval: "month",
          unitAmount: 6_000,
          currency: "usd",
        },
        {
          id: source.STRIPE_PRICE_TEAM_YEARLY || "price_team_yearly",
          interval: "year",
          unitAmount: 60_000,
          currency: "usd",
        },
      ],
    },
  ];
}

export function tierForPrice(priceId: string): Plan["tier"] | null {
  return plans().find((p) => p.prices.some((price) => price.id === priceId))?.tier ?? null;
}
