// npx tsx bench/lean.ts  (after npm run build)
// What the production server costs to run and what its pages weigh, in one run:
// boot to /api/ready 200 and RSS after boot (median of RUNS boots), the RSS peak
// while STREAMS chat turns stream at once (paced like a real model), RSS after
// TURNS turns, and each page's first-load JavaScript (every script the page's
// HTML loads, gzipped).
// Goals: boot <= 1 s, RSS after boot <= 150 MB, peak at 64 streams <= 400 MB,
// after 1,000 turns <= 250 MB; first-load JS <= 150 kB on /chat, <= 100 kB on /,
// /pricing and /sign-in. Env: RUNS, STREAMS, TURNS, CHUNK_MS, IDLE_MS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { sign } from "../lib/auth/signed-value";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { parseDatabaseUrl } from "../lib/db/pg-config";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../tests/helpers/standalone";
import { startEmulatorProcess } from "./emulator-process";

const RUNS = Number(process.env.RUNS ?? 3);
const STREAMS = Number(process.env.STREAMS ?? 64);
const TURNS = Number(process.env.TURNS ?? 1_000);
const CHUNK_MS = Number(process.env.CHUNK_MS ?? 60);
const IDLE_MS = Number(process.env.IDLE_MS ?? 30_000);
const PAGES = ["/", "/pricing", "/sign-in", "/chat"];
const USERS = 256;

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** VmHWM: the most memory the server process has held resident since it started. */
function peakRssKb(server: BootedServer): number {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? -1);
}

/** The page's scripts as its HTML names them, fetched and gzipped: total bytes and count. */
async function firstLoadJs(base: string, page: string, cookie: string): Promise<{ bytes: number; scripts: number }> {
  const res = await fetch(`${base}${page}`, {
    headers: { cookie },
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 200) throw new Error(`${page}: ${res.status}`);
  const html = await res.text();
  // Scripts marked nomodule (the legacy polyfills) are skipped by every current browser.
  const tags = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !/\snomodule/i.test(attrs));
  const srcs = new Set(tags.flatMap((attrs) => /\ssrc="([^"]+)"/.exec(attrs)?.[1]?.replace(/&amp;/g, "&") ?? []));
  // Inline scripts (the RSC payload, the bootstrap) load with the page too.
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  let bytes = gzipSync(inline.join("")).length;
  for (const src of srcs) {
    const js = await fetch(new URL(src, base)).then((r) => r.arrayBuffer());
    bytes += gzipSync(Buffer.from(js)).length;
  }
  return { bytes, scripts: srcs.size };
}

/** What every page loads whatever it shows: the framework's own scripts (React, Next's router), gzipped. */
function frameworkJs(): number {
  const manifest = JSON.parse(fs.readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] };
  return manifest.rootMainFiles.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(".next", f))).length, 0);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lean-"));
  const db = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    quiet: true,
    durable: false,
  });
  // The model in a process of its own, as Gemini would be: its memory is not the server's.
  const emulator = await startEmulatorProcess({ latencyMs: 200, chunkIntervalMs: CHUNK_MS });
  await migrateDeploy(db.url);
  process.env.DATABASE_URL = db.url;
  process.env.AUTH_SECRET = PRODUCTION_LIKE_ENV.AUTH_SECRET;
  const client = new pg.Client(parseDatabaseUrl(db.url));
  await client.connect();
  const ids = Array.from({ length: USERS }, (_, i) => `lean-user-${i}`);
  await client.query(`INSERT INTO users (id, tier, updated_at) SELECT unnest($1::text[]), 'enterprise', now()`, [ids]);
  await client.end();
  const cookies = ids.map((id) => `gc_guest=${sign(id)}`);
  const env = {
    AUTH_SECRET: PRODUCTION_LIKE_ENV.AUTH_SECRET,
    GEMINI_API_KEY: "",
    GEMINI_BASE_URL: emulator.url,
    ALLOW_STAND_INS: "1",
    MODEL_RPM_LIMIT: "1000000",
    MODEL_TPM_LIMIT: "1000000000",
    CHAT_TITLES: "first-line",
  };
  const boots: number[] = [];
  const rssAfterBoot: number[] = [];
  let server: BootedServer | null = null;
  try {
    for (let i = 0; i < RUNS; i++) {
      await server?.stop();
      server = await bootStandalone({ databaseUrl: db.url, env });
      boots.push(server.readyMs);
      await new Promise((r) => setTimeout(r, 1_000));
      rssAfterBoot.push(server.rssKb());
    }
    const s = server!;
    let sent = 0;
    const turn = async () => {
      const r = await fetch(`${s.url}/api/chat`, {
        signal: AbortSignal.timeout(60_000),
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies[sent++ % USERS]! },
        body: JSON.stringify({ message: "Explain in a few sentences why the sky is blue." }),
      });
      const text = await r.text();
      if (r.status !== 200 || !text.includes('"done"')) throw new Error(`chat ${r.status}: ${text.slice(0, 200)}`);
    };
    // Three waves of STREAMS turns streaming at once.
    for (let wave = 0; wave < 3; wave++) await Promise.all(Array.from({ length: STREAMS }, turn));
    const peak = peakRssKb(s);
    const remaining = Math.max(0, TURNS - 3 * STREAMS);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < remaining) await turn();
      }),
    );
    // Right after the traffic, and once the instance has been at rest a while
    // (V8's memory reducer collects an idle heap some seconds after the load).
    const afterTurns = s.rssKb();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const afterIdle = s.rssKb();
    console.log(`boot to /api/ready 200: median ${median(boots).toFixed(0)} ms over ${RUNS} boots (goal <= 1000 ms)`);
    console.log(`RSS after boot: median ${mb(median(rssAfterBoot))} (goal <= 150 MB)`);
    console.log(`RSS peak with ${STREAMS} streams at once: ${mb(peak)} (goal <= 400 MB)`);
    console.log(
      `RSS after ${Math.max(TURNS, 3 * STREAMS)} turns: ${mb(afterTurns)}, ${mb(afterIdle)} after ${IDLE_MS / 1000} s at rest (goal <= 250 MB)`,
    );
    console.log(
      `first-load JS every page starts from (React and Next's runtime): ${(frameworkJs() / 1000).toFixed(0)} kB`,
    );
    for (const page of PAGES) {
      // Pages for visitors are measured as a visitor sees them; the chat as a guest.
      const { bytes, scripts } = await firstLoadJs(s.url, page, page === "/chat" ? cookies[0]! : "");
      console.log(
        `first-load JS ${page.padEnd(9)} ${(bytes / 1000).toFixed(0).padStart(4)} kB gzipped (${scripts} scripts)`,
      );
    }
  } finally {
    await server?.stop();
    await emulator.close();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
