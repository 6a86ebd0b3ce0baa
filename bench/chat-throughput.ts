// npx tsx bench/chat-throughput.ts  (after npm run build)
// Throughput of full chat turns (identity, budget hold, emulator answering at once,
// persistence, settlement) against a bare route that does nothing, same server,
// same run, same concurrency. Goal: full turns >= 40% of the bare route.
// Also printed: the floor (app/api/bench/floor), what the stack costs with none of
// the app's work: Next, the SDK's streaming call relayed as SSE, and as many
// trivial PostgreSQL round trips as a turn makes (FLOOR_ROUND_TRIPS, default 0 and 4).
// Each phase prints the server process's CPU per request (Linux): the server's
// one event loop is what saturates first, so that figure bounds its rate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sign } from "../lib/auth/signed-value";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { parseDatabaseUrl } from "../lib/db/pg-config";
import { startGeminiEmulator } from "../stand-ins/gemini/server";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../tests/helpers/standalone";

const DURATION_MS = Number(process.env.DURATION_MS ?? 5_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const USERS = Number(process.env.USERS ?? 512);
const FLOOR_ROUND_TRIPS = (process.env.FLOOR_ROUND_TRIPS ?? "0,4").split(",").filter(Boolean).map(Number);

/** Runs `fire` from CONCURRENCY workers for DURATION_MS; prints the rate and the server's CPU per request. */
async function drive(server: BootedServer, label: string, fire: (worker: number) => Promise<void>) {
  const cpu0 = server.cpuMs();
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  const deadline = t0 + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (performance.now() < deadline) {
        try {
          await fire(w);
          done++;
        } catch (err) {
          failed++;
          if (failed <= 3) console.warn(`${label}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  const rps = done / ((performance.now() - t0) / 1000);
  const perRequest = done > 0 ? `, server CPU ${((server.cpuMs() - cpu0) / done).toFixed(2)} ms/req` : "";
  console.log(`${label.padEnd(12)} ${rps.toFixed(1).padStart(8)} req/s  (${done} ok, ${failed} failed${perRequest})`);
  return rps;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-chat-"));
  const db = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    quiet: true,
    durable: false,
  });
  const emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } });
  await migrateDeploy(db.url);
  // The cookies below are signed with the server's secret.
  process.env.DATABASE_URL = db.url;
  process.env.AUTH_SECRET = PRODUCTION_LIKE_ENV.AUTH_SECRET;
  // Enterprise users: unlimited budgets, high request rate; the turn still takes
  // and settles a hold. Several users so one user's row lock is not the bottleneck.
  const client = new pg.Client(parseDatabaseUrl(db.url));
  await client.connect();
  const ids = Array.from({ length: USERS }, (_, i) => `bench-user-${i}`);
  await client.query(`INSERT INTO users (id, tier, updated_at) SELECT unnest($1::text[]), 'enterprise', now()`, [ids]);
  const cookies = ids.map((id) => `gc_guest=${sign(id)}`);
  await client.end();
  const server = await bootStandalone({
    databaseUrl: db.url,
    env: {
      AUTH_SECRET: PRODUCTION_LIKE_ENV.AUTH_SECRET,
      GEMINI_API_KEY: "",
      GEMINI_BASE_URL: emulator.url,
      ALLOW_STAND_INS: "1",
      MODEL_RPM_LIMIT: "1000000",
      MODEL_TPM_LIMIT: "1000000000",
      BENCH_ROUTES: "1",
      // Every turn here starts a conversation, whose written title is one more model call after
      // the turn: not what this measures (CHAT_TITLES=model includes it).
      CHAT_TITLES: process.env.CHAT_TITLES ?? "first-line",
    },
  });
  try {
    const bare = () =>
      fetch(`${server.url}/api/bench/noop`).then(async (r) => {
        if (r.status !== 200) throw new Error(`noop ${r.status}`);
        await r.text();
      });
    // Turns rotate over the users, so no user meets its tier's requests-per-minute limit.
    let sentTurns = 0;
    const turn = () =>
      fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies[sentTurns++ % USERS]! },
        body: JSON.stringify({ message: "Say hi in one word." }),
      }).then(async (r) => {
        const text = await r.text();
        if (r.status !== 200 || !text.includes('"done"')) throw new Error(`chat ${r.status}: ${text.slice(0, 200)}`);
      });
    const floor = (roundTrips: number) => () =>
      fetch(`${server.url}/api/bench/floor`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "Say hi in one word.", roundTrips }),
      }).then(async (r) => {
        const text = await r.text();
        if (r.status !== 200 || !text.includes("event: done"))
          throw new Error(`floor ${r.status}: ${text.slice(0, 200)}`);
      });
    // Warm every path (JIT, pools) before measuring.
    await drive(server, "warm-up", async (w) => [bare, turn, floor(1)][w % 3]!());
    const bareRps = await drive(server, "bare route", bare);
    const turnRps = await drive(server, "chat turn", turn);
    const pct = (rps: number) => `${((rps / bareRps) * 100).toFixed(0)}%`;
    console.log(`full chat turns run at ${pct(turnRps)} of the bare route (goal >= 40%)`);
    for (const roundTrips of FLOOR_ROUND_TRIPS) {
      const rps = await drive(server, `floor, ${roundTrips} SQL`, floor(roundTrips));
      console.log(`the floor with ${roundTrips} trivial SQL round trips runs at ${pct(rps)} of the bare route`);
    }
  } finally {
    await server.stop();
    await emulator.close();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
