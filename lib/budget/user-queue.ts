// In-process queue per user in front of the reservation transaction. Correctness
// across instances comes from the Postgres row lock; this only keeps a burst from
// one user from parking every pooled connection on that lock (which starves the
// pool and fails unrelated queries). One connection per process waits per user.
const tails = new Map<string, Promise<void>>();

export async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = tails.get(key) ?? Promise.resolve();
  const run = prev.then(fn);
  const tail = run.then(
    () => undefined,
    () => undefined, // the caller gets the error from `run`; the queue just moves on
  );
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
