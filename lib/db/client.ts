import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { databaseEnv } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { noteDatabaseReached } from "./outage";
import { parseDatabaseUrl } from "./pg-config";

// One pool and one client per process, sharing the pool: Prisma for the general
// case, plain node-postgres (lib/db/sql.ts) on hot paths where Prisma's per-query
// CPU shows. In development Next reloads modules, so both live on globalThis to
// avoid leaking a pool per reload.
const globalForDb = globalThis as unknown as { __db?: PrismaClient; __pool?: pg.Pool; __dbUrl?: string };

function connect(url: string): void {
  const config = databaseEnv();
  const pool = new pg.Pool({
    ...parseDatabaseUrl(url),
    max: config.DATABASE_POOL_SIZE,
    // Opened connections are kept through quiet spells (pg's default drops them after
    // 10 s), so a burst does not reconnect; they never keep a script from exiting.
    idleTimeoutMillis: config.DATABASE_POOL_IDLE_SECONDS * 1000,
    allowExitOnIdle: true,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on("error", () => undefined);
  // A new connection ends a database outage, if one was noted (see outage.ts).
  pool.on("connect", () => noteDatabaseReached(logger));
  globalForDb.__pool = pool;
  globalForDb.__db = new PrismaClient({ adapter: new PrismaPg(pool) });
  globalForDb.__dbUrl = url;
}

function ensure(): void {
  const url = databaseEnv().DATABASE_URL;
  if (!globalForDb.__db || globalForDb.__dbUrl !== url) connect(url);
}

export function getDb(): PrismaClient {
  ensure();
  return globalForDb.__db!;
}

/** The pool behind getDb(), for plain SQL on hot paths. */
export function getPool(): pg.Pool {
  ensure();
  return globalForDb.__pool!;
}

/** Closes the client and its pool (scripts and test workers that must exit). */
export async function closeDb(): Promise<void> {
  const { __db, __pool } = globalForDb;
  globalForDb.__db = undefined;
  globalForDb.__pool = undefined;
  globalForDb.__dbUrl = undefined;
  await __db?.$disconnect().catch(() => undefined);
  await __pool?.end().catch(() => undefined);
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export type { PrismaClient };
