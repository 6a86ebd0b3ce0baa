// Builders for customers, products, prices and plans in the pinned API
// version's shape. Every field the SDK types require is present.
import type { WireCustomer, WirePlan, WirePrice, WireProduct } from "../types";
import { newInvoicePrefix } from "./ids";

export interface CustomerInput {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Record<string, string>;
}

export function customerShape(input: CustomerInput): WireCustomer {
  return {
    id: input.id,
    object: "customer",
    address: null,
    balance: 0,
    created: input.created,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: input.description,
    discount: null,
    email: input.email,
    invoice_prefix: newInvoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata,
    name: input.name,
    next_invoice_sequence: 1,
    phone: input.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export interface ProductInput {
  id: string;
  name: string;
  created: number;
  description: string | null;
  metadata: Record<string, string>;
  active: boolean;
  defaultPrice: string | null;
}

export function productShape(input: ProductInput): WireProduct {
  return {
    id: input.id,
    object: "product",
    active: input.active,
    created: input.created,
    default_price: input.defaultPrice,
    description: input.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: input.created,
    url: null,
  };
}

export interface PriceInput {
  id: string;
  product: string;
  created: number;
  unitAmount: number;
  currency: string;
  /** null for one-time prices. */
  interval: string | null;
  intervalCount: number;
  lookupKey: string | null;
  nickname: string | null;
  metadata: Record<string, string>;
  active: boolean;
  trialPeriodDays: number | null;
}

export function priceShape(input: PriceInput): WirePrice {
  return {
    id: input.id,
    object: "price",
    active: input.active,
    billing_scheme: "per_unit",
    created: input.created,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey,
    metadata: input.metadata,
    nickname: input.nickname,
    product: input.product,
    recurring: input.interval
      ? {
          interval: input.interval,
          interval_count: input.intervalCount,
          meter: null,
          trial_period_days: input.trialPeriodDays,
          usage_type: "licensed",
        }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: input.interval ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
    unit_amount_decimal: String(input.unitAmount),
  };
}

/** Subscription items still carry the legacy `plan` twin of their price. */
export function planFromPrice(price: WirePrice): WirePlan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: "licensed",
  };
}
