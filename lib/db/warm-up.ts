// Opens the whole connection pool right after start, before traffic needs it.
// A new PostgreSQL connection is expensive on both sides: authentication (SCRAM),
// a backend process, and catalog caches filled on first use of each table. Paid
// inside the first burst of requests, that lands on the requests themselves
// (the chat TTFT bench saw p99 jump by ~100-300 ms in the first burst at 64
// streams). Here it is paid once, in the background, and the connections are
// kept (see the pool's idle timeout in client.ts).
import type pg from "pg";
import { logger } from "@/lib/log/logger";
import { getPool } from "./client";

// The tables a chat turn touches: naming them makes each backend load their
// relation and index caches now. `WHERE false` reads no rows.
const HOT_TABLES = [
  "users",
  "sessions",
  "api_keys",
  "conversations",
  "messages",
  "usage_ledger",
  "budget_counters",
  "budget_reservations",
  "rate_limit_buckets",
] as const;

export const WARM_SQL = HOT_TABLES.map((t) => `SELECT 1 FROM ${t} WHERE false`).join(" UNION ALL ");

/** Connects and warms one client, then the other `size - 1` at once; returns how many succeeded. */
export async function warmUpPool(size: number, pool: pg.Pool = getPool()): Promise<number> {
  // One first: the readiness probe and the first request find a warm connection
  // at once instead of queueing behind the whole pool's handshakes. It is held
  // until the others are asked for, so they open new connections, not this one.
  const first = await pool.connect().catch(() => null);
  const warmedFirst = first ? await warm(first) : false;
  const rest = Array.from({ length: Math.max(0, size - 1) }, () => pool.connect());
  if (first) first.release(warmedFirst ? undefined : new Error("warm-up failed"));
  const clients = await Promise.allSettled(rest);
  let warmed = warmedFirst ? 1 : 0;
  await Promise.all(
    clients.map(async (c) => {
      if (c.status !== "fulfilled") return;
      const ok = await warm(c.value);
      if (ok) warmed += 1;
      c.value.release(ok ? undefined : new Error("warm-up failed"));
    }),
  );
  return warmed;
}

async function warm(client: pg.PoolClient): Promise<boolean> {
  return client.query(WARM_SQL).then(
    () => true,
    () => false,
  );
}

/** Fire and forget at boot: a failure only means the first requests connect themselves. */
export function warmUpDatabase(size: number): void {
  const started = performance.now();
  warmUpPool(size)
    .then((n) => logger.debug({ connections: n, ms: Math.round(performance.now() - started) }, "database pool warmed"))
    .catch((err: unknown) => logger.warn({ err }, "database pool warm-up failed"));
}
