// npx tsx bench/faults.ts   (no build needed: the chat route runs in this process)
// Chat turns under faults, and the goals they must meet:
//  - completion: share of turns ending "complete" with no user action, with
//    FAULT_RATE (default 0.2) of model calls failing, spread evenly over every
//    kind the emulator injects (429, 500, 503, a cut stream, an in-stream error);
//  - nothing lost: during the run the database goes away (every connection
//    dropped, new ones refused) for OUTAGE_MS every OUTAGE_EVERY_MS; every turn
//    whose message was acknowledged (meta) must be stored at the end;
//  - metering: every model call the emulator served (answered with a body) has a
//    ledger row that charges it, call for call.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { sign } from "../lib/auth/signed-value";
import { parseEvents } from "../lib/chat/events";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { startGeminiEmulator } from "../stand-ins/gemini/server";
import { FAULT_KINDS } from "../stand-ins/gemini/fault-rates";
import { startPgProxy } from "../tests/helpers/pg-proxy";

const TURNS = Number(process.env.TURNS ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const FAULT_RATE = Number(process.env.FAULT_RATE ?? 0.2);
const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 1_500);
const OUTAGE_EVERY_MS = Number(process.env.OUTAGE_EVERY_MS ?? 6_000);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-faults-"));
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), quiet: true });
  await migrateDeploy(db.url);
  const proxy = await startPgProxy(db.url);
  const rates = Object.fromEntries(FAULT_KINDS.map((k) => [k, FAULT_RATE / FAULT_KINDS.length]));
  const emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 5, random: { rates, seed: 21 } } });
  Object.assign(process.env, {
    DATABASE_URL: proxy.url,
    GEMINI_BASE_URL: emulator.url,
    CHAT_OUTBOX_DIR: path.join(dir, "outbox"),
    GEMINI_RETRY_BASE_MS: "20",
    GEMINI_RETRY_MAX_DELAY_MS: "100",
    LOG_LEVEL: "silent",
  });
  delete process.env.GEMINI_API_KEY;
  const { POST: chat } = await import("../app/api/chat/route");
  const { getDb, closeDb } = await import("../lib/db/client");
  const { drainOutbox } = await import("../lib/chat/outbox");
  const { GUEST_COOKIE } = await import("../lib/auth/guest");

  // Enterprise users: no budget or per-user rate limit decides a turn here.
  const users = await Promise.all(
    Array.from({ length: 64 }, () => getDb().user.create({ data: { tier: "enterprise" } })),
  );
  const refusedBy: Record<string, number> = {};
  const outcome = { complete: 0, other: 0, refused: 0, acknowledged: [] as { user: string; answer: string }[] };

  let outages = 0;
  const cycle = setInterval(() => {
    outages++;
    proxy.down();
    setTimeout(() => proxy.up(), OUTAGE_MS);
  }, OUTAGE_EVERY_MS);

  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TURNS) {
        const i = next++;
        const user = users[i % users.length]!;
        const res = await chat(
          new NextRequest("http://localhost/api/chat", {
            method: "POST",
            headers: { "content-type": "application/json", cookie: `${GUEST_COOKIE}=${sign(user.id)}` },
            body: JSON.stringify({ message: `Question ${i}: tell me about lighthouses` }),
          }),
        );
        if (res.status !== 200) {
          // Refused before anything was acknowledged (e.g. 503 while the database is away).
          outcome.refused++;
          const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
          const code = `${res.status} ${body.error?.code ?? "?"}`;
          refusedBy[code] = (refusedBy[code] ?? 0) + 1;
          continue;
        }
        const text = await res.text();
        const events = parseEvents(text.endsWith("\n\n") ? text : `${text}\n\n`).events;
        const meta = events.find((e) => e.type === "meta");
        const done = events.find((e) => e.type === "done");
        if (meta?.type === "meta") outcome.acknowledged.push({ user: meta.userMessageId, answer: meta.messageId });
        if (done?.type === "done" && done.status === "complete") outcome.complete++;
        else outcome.other++;
      }
    }),
  );
  clearInterval(cycle);
  proxy.up();
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, OUTAGE_MS + 500));
  while ((await drainOutbox()) > 0) await new Promise((r) => setTimeout(r, 500));

  const ids = outcome.acknowledged.flatMap((a) => [a.user, a.answer]);
  const stored = await getDb().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const storedIds = new Set(stored.map((m) => m.id));
  const lost = outcome.acknowledged.filter((a) => !storedIds.has(a.user) || !storedIds.has(a.answer)).length;
  const streaming = stored.filter((m) => m.status === "streaming").length;

  // A call the emulator answered with a body was served (refusals are HTTP errors before any output).
  const served = emulator.requests().filter((r) => r.method !== "countTokens" && r.status === 200).length;
  const charged = await getDb().usageLedger.count({ where: { totalTokens: { gt: 0 } } });
  const answered = outcome.complete + outcome.other;

  console.log(
    `faults: ${(FAULT_RATE * 100).toFixed(0)}% of model calls (${FAULT_KINDS.join(", ")}), ${outages} database outages of ${OUTAGE_MS} ms`,
  );
  console.log(
    `turns: ${TURNS} in ${seconds.toFixed(1)} s; ${outcome.refused} refused before acknowledgement ${JSON.stringify(refusedBy)}`,
  );
  const completion = answered > 0 ? (outcome.complete / answered) * 100 : 0;
  console.log(
    `completion (no user action): ${completion.toFixed(2)}% of ${answered} acknowledged turns  (goal >= 99.5%)`,
  );
  console.log(
    `acknowledged messages lost: ${lost} of ${outcome.acknowledged.length}; still streaming: ${streaming}  (goal 0)`,
  );
  console.log(`model calls served: ${served}; ledger rows charging a call: ${charged}  (goal: equal)`);
  console.log("Stripe events under outages: not driven here (tests/integration/billing-webhook-faults.test.ts)");

  await closeDb();
  await emulator.close();
  await proxy.close();
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
