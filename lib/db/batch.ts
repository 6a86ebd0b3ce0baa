// Group commit for hot paths: calls that arrive in the same event-loop turn share
// one database round trip. On a busy server each round trip costs a socket write
// and a wake-up of the database far larger than the statement itself, so ten
// callers in one statement cost barely more than one.
//
// A batch is sent on setImmediate, after the I/O callbacks of the current turn
// have queued their work; nothing waits on a timer, so an idle server adds no
// latency. While `maxInFlight` batches are out, new callers gather into the next
// batch, which starts as soon as one finishes (the queue grows under load, and
// with it the batches, instead of the number of round trips).

export interface BatcherOptions {
  /** Most items in one batch; more start another batch. Default 500. */
  maxSize?: number;
  /** Most batches out at once. Default 2. */
  maxInFlight?: number;
}

/**
 * `run` receives the items in arrival order and returns one result per item, in
 * the same order. If it throws, every caller of that batch gets the error.
 */
export type BatchRunner<I, O> = (items: I[]) => Promise<O[]>;

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export function createBatcher<I, O>(run: BatchRunner<I, O>, opts: BatcherOptions = {}): (item: I) => Promise<O> {
  const maxSize = opts.maxSize ?? 500;
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: Pending<I, O>[] = [];
  let scheduled = false;
  let inFlight = 0;

  function schedule(): void {
    if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxSize);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void send(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  }

  async function send(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await run(batch.map((p) => p.item));
      if (results.length !== batch.length) {
        throw new Error(`batch runner returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((p, i) => p.resolve(results[i] as O));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
