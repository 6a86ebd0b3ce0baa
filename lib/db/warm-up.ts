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

/** Connects `size` pool clients at once, warms each, and returns how many succeeded. */
export async function warmUpPool(size: number, pool: pg.Pool = getPool()): Promise<number> {
  const clients = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()));
  let warmed = 0;
  await Promise.all(
    clients.map(async (c) => {
      if (c.status !== "fulfilled") return;
      try {
        await c.value.query(WARM_SQL);
        warmed += 1;
        c.value.release();
      } catch (err) {
        c.value.release(err as Error);
      }
    }),
  );
  return warmed;
}

/** Fire and forget at boot: a failure only means the first requests connect themselves. */
export function warmUpDatabase(size: number): void {
  const started = performance.now();
  warmUpPool(size)
    .then((n) => logger.debug({ connections: n, ms: Math.round(performance.now() - started) }, "database pool warmed"))
    .catch((err: unknown) => logger.warn({ err }, "database pool warm-up failed"));
}
