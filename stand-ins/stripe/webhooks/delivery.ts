// Sends events to the configured endpoint the way Stripe does: signed JSON
// POSTs, retried with backoff until a 2xx, many in flight at once. Tests can
// hold deliveries and release them later, reordered and duplicated.
import type { DeliveryAttempt, DeliveryMode, EventRecord, FlushOrder } from "../types";
import { JsonPoster } from "./post-json";
import { reorder } from "./seeded-order";
import { signatureHeader } from "./signing";

export interface DeliveryConfig {
  webhookUrl: string | null;
  webhookSecret: string;
  /** Delay in ms before retry 1, 2, ...; its length is the number of retries. */
  retrySchedule: number[];
  concurrency: number;
  timeoutMs: number;
}

export interface FlushOptions {
  order?: FlushOrder;
  /** Extra copies of every held event (Stripe occasionally delivers an event twice). */
  duplicate?: number;
  seed?: number;
}

interface Job {
  record: EventRecord;
}

export class WebhookDelivery {
  private mode: DeliveryMode = "normal";
  private readonly queue: Job[] = [];
  private held: EventRecord[] = [];
  private inFlight = 0;
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private poster: JsonPoster;

  constructor(private config: DeliveryConfig) {
    this.poster = new JsonPoster(config.concurrency, config.timeoutMs);
  }

  get settings(): Readonly<DeliveryConfig> {
    return this.config;
  }

  get deliveryMode(): DeliveryMode {
    return this.mode;
  }

  configure(changes: Partial<DeliveryConfig>): void {
    const resized = changes.concurrency !== undefined && changes.concurrency !== this.config.concurrency;
    this.config = { ...this.config, ...changes };
    if (resized) this.poster.resize(this.config.concurrency);
    this.pump();
  }

  /** Entry point for every new event. */
  accept(record: EventRecord): void {
    if (!this.config.webhookUrl) {
      record.status = "no_endpoint";
      return;
    }
    record.event.pending_webhooks = 1;
    if (this.mode === "hold") {
      record.status = "held";
      this.held.push(record);
      return;
    }
    record.status = "pending";
    this.queue.push({ record });
    this.pump();
  }

  /** Switching back to normal releases held events in emission order. */
  setMode(mode: DeliveryMode): void {
    this.mode = mode;
    if (mode === "normal") {
      for (const record of this.held.splice(0)) {
        record.status = "pending";
        this.queue.push({ record });
      }
      this.pump();
    }
  }

  heldCount(): number {
    return this.held.length;
  }

  /**
   * Sends every held event now, one at a time so the receiver sees exactly
   * the chosen order. Failed copies are retried on the normal schedule.
   */
  async flush(options: FlushOptions = {}): Promise<{ sent: string[]; attempts: DeliveryAttempt[] }> {
    const copies: EventRecord[] = [];
    for (const record of this.held.splice(0)) {
      record.status = "pending";
      for (let n = 0; n <= Math.max(0, Math.floor(options.duplicate ?? 0)); n++) copies.push(record);
    }
    const ordered = reorder(copies, options.order ?? "fifo", options.seed ?? Date.now());
    const attempts: DeliveryAttempt[] = [];
    for (const record of ordered) attempts.push(await this.attempt(record));
    return { sent: ordered.map((record) => record.event.id), attempts };
  }

  /** One extra attempt now, like "Resend" in the Dashboard; no retries follow. */
  resend(record: EventRecord): Promise<DeliveryAttempt> {
    return this.attempt(record, false);
  }

  /** Resolves once nothing is queued, in flight or waiting to be retried. */
  waitForIdle(timeoutMs = 10_000): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  close(): void {
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    this.queue.length = 0;
    this.poster.close();
    this.notifyIfIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && this.retryTimers.size === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  private pump(): void {
    while (this.inFlight < this.config.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      void this.attempt(job.record);
    }
  }

  private async attempt(record: EventRecord, retryOnFailure = true): Promise<DeliveryAttempt> {
    this.inFlight += 1;
    const url = this.config.webhookUrl;
    const startedAt = Date.now();
    const attempt: DeliveryAttempt = {
      attempt: record.attempts.length + 1,
      at: startedAt,
      status: null,
      error: null,
      durationMs: 0,
    };
    record.attempts.push(attempt);
    try {
      if (!url) {
        attempt.error = "no webhook URL configured";
      } else {
        // Stripe pretty-prints webhook bodies; handlers must verify the raw bytes.
        const payload = JSON.stringify(record.event, null, 2);
        const result = await this.poster.post(url, payload, {
          "stripe-signature": signatureHeader(payload, this.config.webhookSecret, Math.floor(Date.now() / 1000)),
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "cache-control": "no-cache",
          accept: "*/*; q=0.5, application/xml",
        });
        attempt.status = result.status;
        attempt.error = result.error;
      }
      attempt.durationMs = Date.now() - startedAt;
      this.settle(record, attempt, retryOnFailure);
      return attempt;
    } finally {
      this.inFlight -= 1;
      this.pump();
      this.notifyIfIdle();
    }
  }

  private settle(record: EventRecord, attempt: DeliveryAttempt, retryOnFailure: boolean): void {
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    if (ok) {
      record.status = "delivered";
      record.event.pending_webhooks = 0;
      return;
    }
    // An earlier copy got through, or a retry is already scheduled.
    if (record.status === "delivered" || this.retryTimers.has(record.event.id)) return;
    if (!retryOnFailure) {
      // A failed manual resend only marks events that are not still in progress.
      if (record.status === "no_endpoint" || record.status === "failed") record.status = "failed";
      return;
    }
    const failures = record.attempts.filter((a) => a.status === null || a.status < 200 || a.status >= 300).length;
    const delay = this.config.retrySchedule[failures - 1];
    if (delay === undefined) {
      record.status = "failed";
      record.event.pending_webhooks = 0;
      return;
    }
    record.status = "pending";
    const timer = setTimeout(() => {
      this.retryTimers.delete(record.event.id);
      this.queue.push({ record });
      this.pump();
    }, delay);
    this.retryTimers.set(record.event.id, timer);
  }
}
