import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { parseDatabaseUrl } from "./pg-config";

// One client per process. In development Next reloads modules, so the instance
// lives on globalThis to avoid leaking a pool per reload.
const globalForDb = globalThis as unknown as { __db?: PrismaClient; __dbUrl?: string };

function createClient(url: string): PrismaClient {
  const fields = parseDatabaseUrl(url);
  const adapter = new PrismaPg({
    ...fields,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or set it");
  if (!globalForDb.__db || globalForDb.__dbUrl !== url) {
    globalForDb.__db = createClient(url);
    globalForDb.__dbUrl = url;
  }
  return globalForDb.__db;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export type { PrismaClient };
