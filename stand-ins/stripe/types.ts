// Shared types of the Stripe emulator. Objects are stored exactly as the API
// returns them, typed with the installed SDK's own interfaces, so `tsc` tells
// us when a field of the pinned API version is missing or misshaped.
import type Stripe from "stripe";

/**
 * The SDK turns `*_decimal` strings into `Stripe.Decimal` objects after it
 * parses a response; on the wire (and in our store) they are plain strings.
 */
export type Wire<T> = T extends Stripe.Decimal
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

export type WireCustomer = Wire<Stripe.Customer>;
export type WireProduct = Wire<Stripe.Product>;
export type WirePrice = Wire<Stripe.Price>;
export type WirePlan = Wire<Stripe.Plan>;
export type WireSubscription = Wire<Stripe.Subscription>;
export type WireSubscriptionItem = Wire<Stripe.SubscriptionItem>;
export type WireInvoice = Wire<Stripe.Invoice>;
export type WireInvoiceLine = Wire<Stripe.InvoiceLineItem>;
export type WireCheckoutSession = Wire<Stripe.Checkout.Session>;
export type WireCheckoutLineItem = Wire<Stripe.LineItem>;
export type WirePortalSession = Wire<Stripe.BillingPortal.Session>;

/** An event as sent to webhooks; `data.object` is a frozen snapshot. */
export interface WireEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Who caused an event: an API request, or nothing (clock, hosted pages). */
export interface RequestRef {
  id: string | null;
  idempotencyKey: string | null;
}
export const NO_REQUEST: RequestRef = { id: null, idempotencyKey: null };

export interface CatalogPrice {
  id: string;
  unitAmount: number;
  currency: string;
  interval: "month" | "year";
  lookupKey?: string;
}

export interface CatalogProduct {
  productId: string;
  productName: string;
  prices: CatalogPrice[];
}

/** What happens once every dunning retry has failed (Stripe's Billing setting). */
export type DunningFinalAction = "cancel" | "unpaid";

export interface DunningConfig {
  /** Days between consecutive payment retries after a failed renewal. */
  retryDays: number[];
  finalAction: DunningFinalAction;
}

export type DeliveryMode = "normal" | "hold";
export type FlushOrder = "fifo" | "reverse" | "shuffle";

export interface DeliveryAttempt {
  attempt: number;
  /** Wall-clock milliseconds, because retries happen in real time. */
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export type DeliveryStatus = "no_endpoint" | "pending" | "held" | "delivered" | "failed";

export interface EventRecord {
  event: WireEvent;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
}
