// Per-key single flight with one queued follow-up. Callers that arrive while a
// run is in progress share the next run, which starts after the current one and
// so observes everything that happened before they arrived.
interface Queued<R> {
  now: Date;
  promise: Promise<R>;
  settle: (p: Promise<R>) => void;
}

interface Slot<R> {
  queued: Queued<R> | null;
}

const slots = new Map<string, Slot<unknown>>();

export function coalesce<R>(key: string, now: Date, run: (now: Date) => Promise<R>): Promise<R> {
  const existing = slots.get(key) as Slot<R> | undefined;
  if (existing) {
    if (existing.queued) {
      // The shared run judges time at the latest instant any joiner asked for.
      if (now > existing.queued.now) existing.queued.now = now;
      return existing.queued.promise;
    }
    let settle!: (p: Promise<R>) => void;
    const promise = new Promise<R>((resolve) => (settle = resolve));
    existing.queued = { now, promise, settle };
    return promise;
  }
  const slot: Slot<R> = { queued: null };
  slots.set(key, slot as Slot<unknown>);
  const launch = (at: Date): Promise<R> =>
    run(at).finally(() => {
      const next = slot.queued;
      if (next) {
        slot.queued = null;
        next.settle(launch(next.now));
      } else {
        slots.delete(key);
      }
    });
  return launch(now);
}
