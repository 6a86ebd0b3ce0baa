// The emulator's state and the services every part shares: store, clock and
// event log, plus lookups that fail with Stripe's own "No such ..." errors.
import type {
  CatalogProduct,
  DunningConfig,
  WireCustomer,
  WireInvoice,
  WirePrice,
  WireProduct,
  WireSubscription,
} from "../types";
import { Clock } from "./clock";
import { noSuch } from "./errors";
import { EventLog } from "./event-log";
import { priceShape, productShape } from "./shapes-catalog";
import { Store } from "./store";

export interface CoreConfig {
  /** Base URL browsers use to reach hosted pages (checkout, portal, invoices). */
  publicUrl: string;
  dunning: DunningConfig;
}

export class EmulatorCore {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventLog;

  constructor(
    readonly config: CoreConfig,
    apiVersion: string,
    stateFile?: string,
  ) {
    this.store = new Store(stateFile);
    this.clock = new Clock(this.store.data.clockOffsetSeconds);
    this.events = new EventLog(this.store, this.clock, apiVersion);
  }

  now(): number {
    return this.clock.now();
  }

  advanceClock(seconds: number): number {
    const now = this.clock.advance(seconds);
    this.store.data.clockOffsetSeconds = this.clock.offset;
    this.store.markDirty();
    return now;
  }

  customer(id: string, param = "id"): WireCustomer {
    const found = this.store.data.customers[id];
    if (!found) throw noSuch("customer", id, param);
    return found;
  }

  product(id: string, param = "id"): WireProduct {
    const found = this.store.data.products[id];
    if (!found) throw noSuch("product", id, param);
    return found;
  }

  price(id: string, param = "id"): WirePrice {
    const found = this.store.data.prices[id];
    if (!found) throw noSuch("price", id, param);
    return found;
  }

  subscription(id: string, param = "id"): WireSubscription {
    const found = this.store.data.subscriptions[id];
    if (!found) throw noSuch("subscription", id, param);
    return found;
  }

  invoice(id: string, param = "id"): WireInvoice {
    const found = this.store.data.invoices[id];
    if (!found) throw noSuch("invoice", id, param);
    return found;
  }

  productName(price: WirePrice): string {
    const productId = typeof price.product === "string" ? price.product : price.product.id;
    return this.store.data.products[productId]?.name ?? productId;
  }

  failsPayments(customerId: string): boolean {
    return this.store.data.customerState[customerId]?.failPayments ?? false;
  }

  setFailPayments(customerId: string, fail: boolean): void {
    this.customer(customerId);
    this.store.data.customerState[customerId] = { failPayments: fail };
    this.store.markDirty();
  }

  /** Adds a customer without emitting events (used by seeding and by the API layer). */
  insertCustomer(customer: WireCustomer): void {
    this.store.data.customers[customer.id] = customer;
    this.store.data.customerState[customer.id] ??= { failPayments: false };
    this.store.markDirty();
  }

  /**
   * Makes the configured products and prices exist with the configured values.
   * Prices are immutable in Stripe, but a developer editing the catalog expects
   * the new amount, so seeding overwrites what an earlier run stored.
   */
  seedCatalog(catalog: CatalogProduct[]): void {
    const created = this.now();
    for (const entry of catalog) {
      const existing = this.store.data.products[entry.productId];
      this.store.data.products[entry.productId] = {
        ...productShape({
          id: entry.productId,
          name: entry.productName,
          created: existing?.created ?? created,
          description: null,
          metadata: {},
          active: true,
          defaultPrice: entry.prices[0]?.id ?? null,
        }),
      };
      for (const price of entry.prices) {
        this.store.data.prices[price.id] = priceShape({
          id: price.id,
          product: entry.productId,
          created: this.store.data.prices[price.id]?.created ?? created,
          unitAmount: price.unitAmount,
          currency: price.currency.toLowerCase(),
          interval: price.interval,
          intervalCount: 1,
          lookupKey: price.lookupKey ?? null,
          nickname: null,
          metadata: {},
          active: true,
          trialPeriodDays: null,
        });
      }
    }
    this.store.markDirty();
  }
}
