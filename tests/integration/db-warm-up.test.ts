// lib/db/warm-up.ts: the pool's connections are opened, and kept, before traffic.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "@/lib/db/pg-config";
import { WARM_SQL, warmUpPool } from "@/lib/db/warm-up";

const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

function newPool(max: number): pg.Pool {
  const pool = new pg.Pool({ ...parseDatabaseUrl(process.env.DATABASE_URL!), max, application_name: "warm-up-test" });
  pools.push(pool);
  return pool;
}

describe("database pool warm-up", () => {
  it("opens every connection of the pool, each having touched the hot tables, and leaves them idle", async () => {
    const pool = newPool(5);
    expect(pool.totalCount).toBe(0);
    expect(await warmUpPool(5, pool)).toBe(5);
    expect(pool.totalCount).toBe(5);
    expect(pool.idleCount).toBe(5);
    const [row] = (
      await pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'warm-up-test' AND datname = current_database()",
      )
    ).rows;
    expect(Number(row!.n)).toBe(5);
    // The warm statement names real tables: a renamed one would make it fail here.
    await expect(pool.query(WARM_SQL)).resolves.toBeTruthy();
  });

  it("has one warm connection free while the others still open, so a query need not wait for the whole pool", async () => {
    const pool = newPool(6);
    let freeWhileOpening = -1;
    // Once the second wave asks for connections, one is idle for the readiness probe.
    const original = pool.connect.bind(pool);
    let calls = 0;
    pool.connect = ((...args: Parameters<typeof original>) => {
      calls += 1;
      if (calls === 6) queueMicrotask(() => (freeWhileOpening = pool.idleCount));
      return original(...args);
    }) as typeof pool.connect;
    expect(await warmUpPool(6, pool)).toBe(6);
    expect(freeWhileOpening).toBe(1);
    expect(pool.totalCount).toBe(6);
  });

  it("reports the connections that failed instead of throwing", async () => {
    const bad = new pg.Pool({ ...parseDatabaseUrl(process.env.DATABASE_URL!), password: "wrong", max: 2 });
    pools.push(bad);
    expect(await warmUpPool(2, bad)).toBe(0);
  });
});
