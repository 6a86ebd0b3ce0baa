// Splits a postgres URL into the discrete fields node-postgres and the Prisma CLI
// want. Discrete fields matter: with a connection string the Prisma schema engine
// silently points its shadow database at the main database.
export interface PgFields {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl?: boolean;
}

export function parseDatabaseUrl(url: string): PgFields {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL (expected postgresql://user:pass@host:port/db)");
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must start with postgresql://, got ${parsed.protocol}//`);
  }
  // Cloud SQL connects through a unix socket given as ?host=/cloudsql/PROJECT:REGION:INSTANCE.
  const socketHost = parsed.searchParams.get("host");
  const sslmode = parsed.searchParams.get("sslmode");
  return {
    host: socketHost ?? (decodeURIComponent(parsed.hostname) || "localhost"),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
    ssl: sslmode === "require" || sslmode === "verify-full" ? true : undefined,
  };
}

export function buildDatabaseUrl(f: PgFields): string {
  const auth = `${encodeURIComponent(f.user)}:${encodeURIComponent(f.password)}`;
  return `postgresql://${auth}@${f.host}:${f.port}/${encodeURIComponent(f.database)}`;
}
