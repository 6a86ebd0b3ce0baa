// npx tsx bench/budget-guard.ts
// The budget guard alone, in process: reserve -> rate limits -> settle per turn,
// against one embedded PostgreSQL. Many users (no lock contention) and one user
// (every turn queues on the same row lock), same concurrency. NO_MODEL_LIMIT=1
// leaves out the global model limiter (two statements on one hot row per call).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultModelId } from "../lib/ai/catalog";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";

const DURATION_MS = Number(process.env.DURATION_MS ?? 3_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-budget-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    quiet: true,
    durable: false,
  });
  await migrateDeploy(pg.url);
  process.env.DATABASE_URL = pg.url;
  process.env.MODEL_RPM_LIMIT = "100000000";
  process.env.MODEL_TPM_LIMIT = "1000000000000";
  const { getDb } = await import("../lib/db/client");
  const { createBudgetSpendGuard } = await import("../lib/budget/spend-guard");
  const guard = createBudgetSpendGuard({ requestRate: false, modelCapacity: process.env.NO_MODEL_LIMIT !== "1" });
  try {
    const ids: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) ids.push((await getDb().user.create({ data: { tier: "enterprise" } })).id);
    for (const [label, pick] of [
      ["many users", (w: number) => ids[w]!],
      ["one user", () => ids[0]!],
    ] as const) {
      let turns = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, w) => {
          while (performance.now() - t0 < DURATION_MS) {
            const identity = {
              userId: pick(w),
              role: "user",
              tier: "enterprise",
              isGuest: false,
              via: "guest",
            } as const;
            const hold = await guard.beforeCall({
              identity,
              ip: null,
              conversationId: "bench",
              model: defaultModelId("fast"),
              estimatedInputTokens: 200,
              maxOutputTokens: 1_000,
              worstCaseCostMicros: 500,
            });
            await guard.afterCall(hold, {
              model: defaultModelId("fast"),
              inputTokens: 200,
              cachedTokens: 0,
              outputTokens: 100,
              thinkingTokens: 0,
              totalTokens: 300,
              costMicros: 90,
              estimated: false,
              latencyMs: 1,
              outcome: "ok",
              conversationId: null,
              messageId: null,
              purpose: "chat",
            });
            turns++;
          }
        }),
      );
      const rate = turns / ((performance.now() - t0) / 1000);
      console.log(`${label.padEnd(11)} ${rate.toFixed(0).padStart(6)} guarded calls/s`);
    }
  } finally {
    await getDb().$disconnect();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
