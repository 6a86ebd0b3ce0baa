// Builders for subscriptions, subscription items and invoices in the pinned
// API version's shape. Since the 2025 "basil" versions the billing period
// lives on each subscription item (`items.data[].current_period_*`) and an
// invoice points at its subscription through `parent.subscription_details`.
import type {
  WireCustomer,
  WireInvoice,
  WireInvoiceLine,
  WirePrice,
  WireSubscription,
  WireSubscriptionItem,
} from "../types";
import { planFromPrice } from "./shapes-catalog";
import { formatPriceLabel } from "./money";

export interface SubscriptionInput {
  id: string;
  customer: string;
  created: number;
  currency: string;
  items: WireSubscriptionItem[];
  status: WireSubscription["status"];
  trialStart: number | null;
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
}

export function subscriptionShape(input: SubscriptionInput): WireSubscription {
  return {
    id: input.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.items[0]?.current_period_end ?? input.created,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: input.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: input.created,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: input.items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${input.id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: input.created,
    status: input.status,
    test_clock: null,
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: input.trialStart,
  };
}

export interface ItemInput {
  id: string;
  subscription: string;
  created: number;
  price: WirePrice;
  quantity: number;
  periodStart: number;
  periodEnd: number;
}

export function subscriptionItemShape(input: ItemInput): WireSubscriptionItem {
  return {
    id: input.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: input.created,
    current_period_end: input.periodEnd,
    current_period_start: input.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: input.subscription,
    tax_rates: [],
  };
}

export interface LineInput {
  id: string;
  invoice: string;
  subscription: WireSubscription;
  item: WireSubscriptionItem;
  productName: string;
  trial: boolean;
  periodStart: number;
  periodEnd: number;
}

export function invoiceLineShape(input: LineInput): WireInvoiceLine {
  const { price } = input.item;
  const quantity = input.item.quantity ?? 1;
  const amount = input.trial ? 0 : (price.unit_amount ?? 0) * quantity;
  const label = formatPriceLabel(price.unit_amount ?? 0, price.currency, price.recurring?.interval ?? null);
  return {
    id: input.id,
    object: "line_item",
    amount,
    currency: price.currency,
    description: input.trial
      ? `Trial period for ${input.productName}`
      : `${quantity} × ${input.productName} (at ${label})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: input.invoice,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: input.subscription.id,
        subscription_item: input.item.id,
      },
      type: "subscription_item_details",
    },
    period: { start: input.periodStart, end: input.periodEnd },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: price.id, product: typeof price.product === "string" ? price.product : price.product.id },
      type: "price_details",
      unit_amount_decimal: input.trial ? "0" : price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: String(quantity),
    subscription: input.subscription.id,
    subtotal: amount,
    taxes: [],
  };
}

export interface InvoiceInput {
  id: string;
  number: string;
  customer: WireCustomer;
  subscription: WireSubscription;
  created: number;
  billingReason: NonNullable<WireInvoice["billing_reason"]>;
  lines: WireInvoiceLine[];
  periodStart: number;
  periodEnd: number;
  hostedUrl: string;
}

/** A finalized (`open`) invoice; paying or failing it is the caller's next step. */
export function invoiceShape(input: InvoiceInput): WireInvoice {
  const total = input.lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    id: input.id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe emulator",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created: input.created,
    currency: input.subscription.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: input.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: input.created,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: input.hostedUrl,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: input.lines, has_more: false, url: `/v1/invoices/${input.id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: input.number,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...input.subscription.metadata }, subscription: input.subscription.id },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "open",
    status_transitions: { finalized_at: input.created, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: input.created,
  };
}
