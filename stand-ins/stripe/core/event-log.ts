// Creates events the way Stripe does: the object is copied when the event is
// emitted, so a delivery that arrives late or out of order carries the state
// of that moment, not the current one.
import type { EventRecord, RequestRef, WireEvent } from "../types";
import { NO_REQUEST } from "../types";
import type { Clock } from "./clock";
import { newId } from "./ids";
import type { Store } from "./store";

export interface EmitOptions {
  /** Values of the fields that changed, before the change (for `*.updated`). */
  previous?: Record<string, unknown>;
  request?: RequestRef;
  /** Emulated time of the change; defaults to now. The clock replays past boundaries. */
  at?: number;
}

/** Receives each new event; the webhook sender decides whether and when it goes out. */
export type EventSink = (record: EventRecord) => void;

export class EventLog {
  private sink: EventSink = () => {};

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly apiVersion: string,
  ) {}

  setSink(sink: EventSink): void {
    this.sink = sink;
  }

  emit(type: string, object: object, options: EmitOptions = {}): EventRecord {
    const request = options.request ?? NO_REQUEST;
    const event: WireEvent = {
      id: newId("evt"),
      object: "event",
      api_version: this.apiVersion,
      created: options.at ?? this.clock.now(),
      data: { object: structuredClone(object) as Record<string, unknown> },
      livemode: false,
      pending_webhooks: 0,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
    };
    if (options.previous && Object.keys(options.previous).length > 0) {
      event.data.previous_attributes = structuredClone(options.previous);
    }
    const record: EventRecord = { event, status: "no_endpoint", attempts: [] };
    this.store.addEvent(record);
    this.sink(record);
    return record;
  }
}

/**
 * Stripe's `previous_attributes`: for each top-level field that changed, its
 * old value. Nested objects are reported whole, which is what Stripe does for
 * `items`, `pause_collection` and friends.
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  for (const key of Object.keys(now)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) previous[key] = old[key] ?? null;
  }
  return previous;
}
