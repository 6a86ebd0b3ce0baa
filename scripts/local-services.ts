// Starts what a local run needs and returns the environment that points the app
// at it. Shared by the launcher and the end-to-end test setup.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDb } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";

export interface LocalServices {
  env: Record<string, string>;
  summary: string[];
  stop(): Promise<void>;
}

export async function startLocalServices(opts: {
  dataDir: string;
  appUrl: string;
  pgPort?: number;
}): Promise<LocalServices> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const env: Record<string, string> = { ALLOW_STAND_INS: "1" };
  const summary: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  if (!process.env.DATABASE_URL) {
    const pgPort = opts.pgPort ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    const pg: EmbeddedDb = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, "pg"), port: pgPort });
    stops.push(() => pg.stop());
    await migrateDeploy(pg.url);
    env.DATABASE_URL = pg.url;
    env.DATABASE_EMBEDDED = "1";
    summary.push(
      `Database: embedded PostgreSQL on port ${pgPort} (data in ${path.join(opts.dataDir, "pg")}, migrations applied)`,
    );
  } else {
    summary.push("Database: DATABASE_URL (run `npm run db:migrate` to apply migrations)");
  }

  if (!process.env.AUTH_SECRET) env.AUTH_SECRET = persistentSecret(path.join(opts.dataDir, "auth-secret"));

  return {
    env,
    summary,
    async stop() {
      for (const s of stops.reverse()) await s().catch((e) => console.error(e));
    },
  };
}

// A random secret kept under the data folder, so sessions survive restarts.
function persistentSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
