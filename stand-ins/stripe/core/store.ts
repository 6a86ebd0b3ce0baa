// In-memory state of the emulator, optionally mirrored to a JSON file so a
// restarted dev server keeps its customers and subscriptions.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type {
  EventRecord,
  WireCheckoutLineItem,
  WireCheckoutSession,
  WireCustomer,
  WireInvoice,
  WirePortalSession,
  WirePrice,
  WireProduct,
  WireSubscription,
} from "../types";

/** Emulator-only facts about a customer that Stripe keeps in its card vault. */
export interface CustomerState {
  failPayments: boolean;
}

export interface Dunning {
  invoiceId: string;
  /** Failed attempts so far, the first one included. */
  attempts: number;
  nextAttemptAt: number | null;
}

export interface SubscriptionState {
  trialWillEndSent: boolean;
  dunning: Dunning | null;
}

export interface CheckoutState {
  lineItems: WireCheckoutLineItem[];
  trialPeriodDays: number | null;
  trialEnd: number | null;
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
}

export interface StoreData {
  version: 1;
  clockOffsetSeconds: number;
  customers: Record<string, WireCustomer>;
  deletedCustomerIds: string[];
  products: Record<string, WireProduct>;
  prices: Record<string, WirePrice>;
  subscriptions: Record<string, WireSubscription>;
  invoices: Record<string, WireInvoice>;
  checkoutSessions: Record<string, WireCheckoutSession>;
  portalSessions: Record<string, WirePortalSession>;
  customerState: Record<string, CustomerState>;
  subscriptionState: Record<string, SubscriptionState>;
  checkoutState: Record<string, CheckoutState>;
  events: EventRecord[];
}

/** Events kept in memory; enough for a long benchmark, bounded so memory is too. */
const MAX_EVENTS_IN_MEMORY = 200_000;
/** Events written to the state file; older ones are only useful while running. */
const MAX_EVENTS_ON_DISK = 1_000;
const SAVE_DELAY_MS = 500;

export function emptyStoreData(): StoreData {
  return {
    version: 1,
    clockOffsetSeconds: 0,
    customers: {},
    deletedCustomerIds: [],
    products: {},
    prices: {},
    subscriptions: {},
    invoices: {},
    checkoutSessions: {},
    portalSessions: {},
    customerState: {},
    subscriptionState: {},
    checkoutState: {},
    events: [],
  };
}

export class Store {
  data: StoreData;
  private readonly eventsById = new Map<string, EventRecord>();
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly file?: string) {
    this.data = file ? readStateFile(file) : emptyStoreData();
    for (const record of this.data.events) this.eventsById.set(record.event.id, record);
  }

  reset(): void {
    this.data = emptyStoreData();
    this.eventsById.clear();
    this.markDirty();
  }

  addEvent(record: EventRecord): void {
    this.data.events.push(record);
    this.eventsById.set(record.event.id, record);
    if (this.data.events.length > MAX_EVENTS_IN_MEMORY) {
      const dropped = this.data.events.splice(0, this.data.events.length - MAX_EVENTS_IN_MEMORY);
      for (const old of dropped) this.eventsById.delete(old.event.id);
    }
    this.markDirty();
  }

  getEvent(id: string): EventRecord | undefined {
    return this.eventsById.get(id);
  }

  /** Coalesces bursts of changes into one write. */
  markDirty(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveNow();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  saveNow(): void {
    if (!this.file) return;
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    const snapshot: StoreData = { ...this.data, events: this.data.events.slice(-MAX_EVENTS_ON_DISK) };
    mkdirSync(dirname(this.file), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated state file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(snapshot));
    renameSync(temporary, this.file);
  }
}

function readStateFile(file: string): StoreData {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyStoreData();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoreData>;
  if (parsed.version !== 1) {
    throw new Error(
      `Stripe emulator state file ${file} has unknown version ${String(parsed.version)}; delete it to start fresh`,
    );
  }
  return { ...emptyStoreData(), ...parsed };
}
