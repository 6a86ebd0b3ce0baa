// npx tsx bench/budget-guard.ts
// The budget guard alone, in process: reserve -> rate limits -> settle per turn,
// against one embedded PostgreSQL. Many users (no lock contention) and one user
// (every turn queues on the same row lock), same concurrency. NO_MODEL_LIMIT=1
// leaves out the global model limiter (two statements on one hot row per call).
// "many users, cost cap" runs the same turns under the operator's daily cost cap
// (lib/budget/operator-cap.ts) with a small block (CAP_BLOCK_MICROS, 50,000 =
// about 550 of these calls) so leases happen during the run; rounds alternate
// with and without the cap (ROUNDS) and the ratio of their totals is printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultModelId } from "../lib/ai/catalog";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";

const DURATION_MS = Number(process.env.DURATION_MS ?? 3_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CAP_BLOCK_MICROS = Number(process.env.CAP_BLOCK_MICROS ?? 50_000);

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
  process.env.LOG_LEVEL ??= "warn"; // one model_call line per call would be measured too
  process.env.MODEL_RPM_LIMIT = "100000000";
  process.env.MODEL_TPM_LIMIT = "1000000000000";
  const { getDb } = await import("../lib/db/client");
  const { createBudgetSpendGuard } = await import("../lib/budget/spend-guard");
  const { OperatorCap } = await import("../lib/budget/operator-cap");
  const modelCapacity = process.env.NO_MODEL_LIMIT !== "1";
  const uncapped = createBudgetSpendGuard({ requestRate: false, modelCapacity });
  // $10,000 a day: never reached here, so every call is admitted and only the leasing shows.
  const cap = new OperatorCap(
    () => 10_000_000_000,
    () => CAP_BLOCK_MICROS,
  );
  const capped = createBudgetSpendGuard({ requestRate: false, modelCapacity, operatorCap: cap });
  const totals = { uncapped: 0, capped: 0 };
  try {
    const ids: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) ids.push((await getDb().user.create({ data: { tier: "enterprise" } })).id);
    const many = (w: number) => ids[w]!;
    // A first round warms the pool and the JIT; it is printed but counts for neither side.
    const runs: [string, (w: number) => string, typeof uncapped, keyof typeof totals | null][] = [
      ["warm-up", many, uncapped, null],
    ];
    for (let r = 0; r < ROUNDS; r++)
      runs.push(["many users", many, uncapped, "uncapped"], ["many users, cost cap", many, capped, "capped"]);
    runs.push(["one user", () => ids[0]!, uncapped, null]);
    for (const [label, pick, guard, total] of runs) {
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
      if (total) totals[total] += rate;
      console.log(`${label.padEnd(21)} ${rate.toFixed(0).padStart(6)} guarded calls/s`);
    }
    const [day] = await getDb().$queryRawUnsafe<{ leased: bigint }[]>(
      "SELECT COALESCE(sum(leased_micros), 0) AS leased FROM operator_spend_days",
    );
    console.log(
      `cost cap on / off: ${((totals.capped / totals.uncapped) * 100).toFixed(1)}% of the throughput ` +
        `(${ROUNDS} rounds each; ${Number(day?.leased ?? 0).toLocaleString("en-US")} micro-dollars leased, ` +
        `blocks of ${CAP_BLOCK_MICROS.toLocaleString("en-US")})`,
    );
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
