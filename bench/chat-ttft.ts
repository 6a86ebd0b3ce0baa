// npx tsx bench/chat-ttft.ts  (after npm run build)
// Time to first token added by the app: TTFT through POST /api/chat on the production
// server minus TTFT straight from the emulator (same fixed first-chunk delay, same
// prompt), p50 and p99, at 1, 16 and 64 concurrent streams, in one run.
// Both sides ask for the same thinking (the enterprise tier's level for the fast
// model, with thought summaries, as the chat sends it), and the first token is the
// first text of either kind: a thought summary streams before the answer, and the
// chat sends it at once ("thinking", then "delta").
// Goal: <= 5 ms p50 and <= 25 ms p99 added at 64 streams. The emulator runs in a
// process of its own, as Gemini would. Env: LEVELS, SAMPLES, PER_STREAM, FIRST_CHUNK_MS, PACINGS, WARMUP,
// DB_POOL (the server's pool size, default 20), FLOOR (1 by default; 0 skips it),
// FLOOR_ROUND_TRIPS (default 0). The floor column is app/api/bench/floor: the same
// SDK call relayed through Next with none of the app's work, after that many
// trivial SQL round trips (none by default), i.e. what the stack alone adds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GoogleGenAI } from "@google/genai";
import { catalogModel, defaultModelId } from "../lib/ai/catalog";
import { thinkingConfig } from "../lib/ai/thinking";
import { tierLimits } from "../lib/budget/tiers";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { bootStandalone } from "../tests/helpers/standalone";
import { startEmulatorProcess } from "./emulator-process";

const FIRST_CHUNK_MS = Number(process.env.FIRST_CHUNK_MS ?? 200);
// How the rest of each answer arrives, one table per pacing: "paced" sends the
// emulator's 6 or so chunks 60 ms apart (about 250 tokens/s, a fast model's
// output speed), so streams last ~0.5 s as real ones do; "burst" sends them all
// with the first, so each stream ends at its first token and 64 concurrent
// streams mean ~320 new requests a second (a throughput test).
const PACINGS = (process.env.PACINGS ?? "paced:60,burst:0").split(",").map((p) => {
  const [name, ms] = p.split(":");
  return { name: name!, chunkIntervalMs: Number(ms) };
});
const LEVELS = (process.env.LEVELS ?? "1,16,64").split(",").map(Number);
// Streams per level: at least SAMPLES, and at least PER_STREAM per concurrent
// stream. 16 makes the p99 at 64 streams the 11th-worst of 1,024 streams; with
// 4 it was the 3rd-worst of 256, so a single stall of this shared 2-core VM
// could decide it. Costs about 30 s more per run.
const SAMPLES = Number(process.env.SAMPLES ?? 128);
const PER_STREAM = Number(process.env.PER_STREAM ?? 16);
const PROMPT = "Hello, how are you today?";
const FLOOR = process.env.FLOOR !== "0";
const FLOOR_ROUND_TRIPS = Number(process.env.FLOOR_ROUND_TRIPS ?? 0);

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * Runs `total` calls keeping `concurrency` in flight; returns each call's TTFT in
 * ms. Streams start spread over `spreadMs` (one stream's length), as users do,
 * so the level measures that many streams open at once, not a synchronized
 * herd of requests all arriving in the same millisecond.
 */
async function measure(
  concurrency: number,
  total: number,
  spreadMs: number,
  once: (slot: number) => Promise<number>,
): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      await new Promise((r) => setTimeout(r, (w * spreadMs) / concurrency));
      while (next < total) {
        // Calls rotate over the users so no one user meets its requests-per-minute limit.
        out.push(await once(next++));
      }
    }),
  );
  return out;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ttft-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    quiet: true,
    durable: false,
  });
  await migrateDeploy(pg.url);
  // The signer and the server must share the secret bootStandalone gives the server.
  process.env.DATABASE_URL = pg.url;
  process.env.AUTH_SECRET = "x".repeat(40);
  const { closeDb, getDb } = await import("../lib/db/client");
  const { cookieHeaderFor } = await import("../tests/helpers/auth");
  // Its own process, like Gemini: both the app and the direct calls reach it over loopback.
  const emulator = await startEmulatorProcess({ latencyMs: FIRST_CHUNK_MS, chunkIntervalMs: 0 });
  const server = await bootStandalone({
    databaseUrl: pg.url,
    env: {
      GEMINI_BASE_URL: emulator.url,
      GEMINI_API_KEY: "bench-placeholder",
      DATABASE_POOL_SIZE: process.env.DB_POOL ?? "20",
      // The global Gemini limiter is not what this measures.
      MODEL_RPM_LIMIT: "1000000",
      MODEL_TPM_LIMIT: "100000000000",
      BENCH_ROUTES: "1",
      // Every turn here starts a conversation, whose written title is one more model call after
      // the turn: not what this measures (CHAT_TITLES=model includes it).
      CHAT_TITLES: process.env.CHAT_TITLES ?? "first-line",
    },
  });
  const ai = new GoogleGenAI({ apiKey: "bench", httpOptions: { baseUrl: emulator.url } });
  const maxLevel = Math.max(...LEVELS);
  // Enterprise users: unlimited budgets and the highest rate limit, one per stream slot.
  const cookies: string[] = [];
  for (let i = 0; i < maxLevel; i++) {
    const user = await getDb().user.create({ data: { tier: "enterprise" } });
    cookies.push(cookieHeaderFor(user.id));
  }

  const fast = catalogModel(defaultModelId("fast"))!;
  const thinking = thinkingConfig(fast, tierLimits("enterprise").thinking.fast, true);
  const direct = async () => {
    const t0 = performance.now();
    const stream = await ai.models.generateContentStream({
      model: fast.id,
      contents: PROMPT,
      config: { thinkingConfig: thinking },
    });
    for await (const chunk of stream) {
      if (chunk.candidates?.[0]?.content?.parts?.some((p) => p.text)) {
        const ttft = performance.now() - t0;
        for await (const rest of stream) void rest; // drain like the app does
        return ttft;
      }
    }
    throw new Error("emulator sent no text");
  };
  const firstDelta = async (path: string, headers: Record<string, string>, body: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok || !res.body) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    let ttft = -1;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
      if (ttft < 0 && /event: (delta|thinking)\n/.test(seen)) ttft = performance.now() - t0;
    }
    if (ttft < 0) throw new Error(`no delta or thinking in: ${seen.slice(0, 500)}`);
    return ttft;
  };
  const viaApp = (slot: number) =>
    firstDelta("/api/chat", { cookie: cookies[slot % cookies.length]! }, { message: PROMPT, model: "fast" });
  const viaFloor = () => firstDelta("/api/bench/floor", {}, { message: PROMPT, roundTrips: FLOOR_ROUND_TRIPS });

  try {
    // Warm-up, unmeasured: a few hundred turns at the highest level, so what is
    // measured is a running server, not one still compiling its hot code (V8
    // optimises a function only after many calls) and planning its statements
    // (PostgreSQL plans a prepared statement afresh on each of its first five
    // runs on every connection). WARMUP=0 measures a fresh server instead.
    const warmup = Number(process.env.WARMUP ?? 4 * maxLevel);
    await measure(Math.min(8, maxLevel), 32, 0, viaApp);
    if (warmup > 0) await measure(maxLevel, warmup, 500, viaApp);
    await measure(Math.min(8, maxLevel), 32, 0, direct);
    if (FLOOR) await measure(Math.min(8, maxLevel), 64, 0, viaFloor);
    for (const pacing of PACINGS) {
      await emulator.setFaults({ latencyMs: FIRST_CHUNK_MS, chunkIntervalMs: pacing.chunkIntervalMs });
      console.log(
        `TTFT added by the app, ${pacing.name} (first chunk after ${FIRST_CHUNK_MS} ms, then chunks ${pacing.chunkIntervalMs} ms apart; at least ${SAMPLES} streams per level, started spread over one stream's length)`,
      );
      console.log(
        `streams | direct p50/p99 ms | app p50/p99 ms | added p50/p99 ms${FLOOR ? " | floor added p50/p99 ms" : ""}`,
      );
      // The emulator's answers here come in 6 chunks: the first, then 5 more.
      const streamMs = FIRST_CHUNK_MS + 5 * pacing.chunkIntervalMs;
      for (const level of LEVELS) {
        const total = Math.max(SAMPLES, PER_STREAM * level);
        const d = await measure(level, total, streamMs, direct);
        const a = await measure(level, total, streamMs, viaApp);
        const fl = FLOOR ? await measure(level, total, streamMs, viaFloor) : null;
        const f = (n: number) => n.toFixed(1);
        const pair = (xs: number[]) => `${f(percentile(xs, 50))} / ${f(percentile(xs, 99))}`;
        const added = (xs: number[]) =>
          `${f(percentile(xs, 50) - percentile(d, 50))} / ${f(percentile(xs, 99) - percentile(d, 99))}`;
        console.log(
          `${String(level).padStart(7)} | ${pair(d)} | ${pair(a)} | ${added(a)}${fl ? ` | ${added(fl)}` : ""}`,
        );
      }
    }
  } finally {
    await server.stop();
    await emulator.close();
    await closeDb();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
