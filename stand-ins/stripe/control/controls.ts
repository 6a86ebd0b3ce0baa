// Test controls, shared by the in-process API (the handle returned by
// startStripeEmulator) and the HTTP endpoints under /__emulator/.
import type { ApiRouter } from "../api/router";
import type { EmulatorCore } from "../core/emulator-core";
import { StripeApiError, invalidRequest } from "../core/errors";
import { runDueWork } from "../core/lifecycle";
import type { CatalogProduct, DeliveryAttempt, DeliveryMode, DunningConfig, EventRecord } from "../types";
import type { FlushOptions, WebhookDelivery } from "../webhooks/delivery";

export interface ConfigChanges {
  webhookUrl?: string | null;
  webhookSecret?: string;
  /** Retry delays in ms; length = number of retries after the first attempt. */
  retrySchedule?: number[];
  concurrency?: number;
  dunning?: Partial<DunningConfig>;
}

export class EmulatorControls {
  constructor(
    private readonly core: EmulatorCore,
    private readonly delivery: WebhookDelivery,
    private readonly router: ApiRouter,
    private readonly catalog: CatalogProduct[],
  ) {}

  configure(changes: ConfigChanges): void {
    if (changes.retrySchedule && !changes.retrySchedule.every((ms) => Number.isFinite(ms) && ms >= 0)) {
      throw invalidRequest("retrySchedule must be a list of non-negative millisecond delays", "retrySchedule");
    }
    if (changes.concurrency !== undefined && !(Number.isInteger(changes.concurrency) && changes.concurrency >= 1)) {
      throw invalidRequest("concurrency must be an integer >= 1", "concurrency");
    }
    this.delivery.configure({
      ...(changes.webhookUrl !== undefined && { webhookUrl: changes.webhookUrl || null }),
      ...(changes.webhookSecret !== undefined && { webhookSecret: changes.webhookSecret }),
      ...(changes.retrySchedule && { retrySchedule: changes.retrySchedule }),
      ...(changes.concurrency !== undefined && { concurrency: changes.concurrency }),
    });
    if (changes.dunning) Object.assign(this.core.config.dunning, changes.dunning);
  }

  config() {
    const { webhookUrl, retrySchedule, concurrency } = this.delivery.settings;
    return {
      webhookUrl,
      retrySchedule,
      concurrency,
      dunning: this.core.config.dunning,
      deliveryMode: this.delivery.deliveryMode,
    };
  }

  now(): number {
    return this.core.now();
  }

  /** Moves the clock forward and runs everything that fell due, in order. */
  advanceClock(seconds: number): { now: number; events: string[] } {
    const before = this.core.store.data.events.length;
    let now: number;
    try {
      now = this.core.advanceClock(seconds);
    } catch (error) {
      throw invalidRequest((error as Error).message, "seconds");
    }
    runDueWork(this.core);
    return { now, events: this.core.store.data.events.slice(before).map((record) => record.event.id) };
  }

  setFailPayments(customerId: string, fail: boolean): void {
    this.core.setFailPayments(customerId, fail);
  }

  setDeliveryMode(mode: DeliveryMode): void {
    if (mode !== "normal" && mode !== "hold") throw invalidRequest("mode must be 'normal' or 'hold'", "mode");
    this.delivery.setMode(mode);
  }

  flush(options: FlushOptions = {}): Promise<{ sent: string[]; attempts: DeliveryAttempt[] }> {
    if (options.order && !["fifo", "reverse", "shuffle"].includes(options.order)) {
      throw invalidRequest("order must be 'fifo', 'reverse' or 'shuffle'", "order");
    }
    return this.delivery.flush(options);
  }

  events(filter: { type?: string } = {}): EventRecord[] {
    return this.core.store.data.events.filter((record) => !filter.type || record.event.type === filter.type);
  }

  resend(eventId: string): Promise<DeliveryAttempt> {
    const record = this.core.store.getEvent(eventId);
    if (!record)
      throw new StripeApiError(404, "invalid_request_error", `No such event: '${eventId}'`, "id", "resource_missing");
    return this.delivery.resend(record);
  }

  waitForDeliveries(timeoutMs?: number): Promise<boolean> {
    return this.delivery.waitForIdle(timeoutMs);
  }

  /**
   * Emits `count` events of `type` carrying the current state of an existing
   * object: load generation for webhook benchmarks, like `stripe trigger`.
   */
  trigger(type: string, objectId: string, count = 1): string[] {
    const data = this.core.store.data;
    const object =
      data.subscriptions[objectId] ??
      data.customers[objectId] ??
      data.invoices[objectId] ??
      data.checkoutSessions[objectId];
    if (!object)
      throw new StripeApiError(
        404,
        "invalid_request_error",
        `No such object: '${objectId}'`,
        "objectId",
        "resource_missing",
      );
    if (!Number.isInteger(count) || count < 1 || count > 100_000)
      throw invalidRequest("count must be an integer from 1 to 100000", "count");
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.core.events.emit(type, object).event.id);
    return ids;
  }

  /** Forgets every object and event; the configured catalog is seeded again. */
  reset(): void {
    this.core.store.reset();
    // Time never runs backwards, even across a reset.
    this.core.store.data.clockOffsetSeconds = this.core.clock.offset;
    this.router.idempotency.clear();
    this.core.seedCatalog(this.catalog);
  }
}
