// npx tsx bench/budget-guard.ts
// The budget guard alone, in process: reserve -> rate limits -> settle per turn,
// against one embedded PostgreSQL. Many users (no lock contention) and one user
// (every turn queues on the same row lock), same concurrency. Three kinds of
// rounds alternate (ROUNDS each) and the ratios of their totals are printed:
// "many users" with the global model limiter (lib/ratelimit/model-lease.ts,
// limits set so a lease covers about 500 calls: leases happen during the run),
// "no model limiter" without it, and "cost cap" with the limiter and the
// operator's daily cost cap (lib/budget/operator-cap.ts) in small blocks
// (CAP_BLOCK_MICROS, 50,000 = about 550 of these calls).
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
  // Never reached (about 60,000 calls a minute here), in blocks of 500 requests and ~500 calls' tokens.
  process.env.MODEL_RPM_LIMIT = "5000000";
  process.env.MODEL_TPM_LIMIT = "6500000000";
  process.env.MODEL_LEASE_BLOCKS = "10000";
  const { getDb } = await import("../lib/db/client");
  const { createBudgetSpendGuard } = await import("../lib/budget/spend-guard");
  const { OperatorCap } = await import("../lib/budget/operator-cap");
  const uncapped = createBudgetSpendGuard({ requestRate: false });
  const unlimited = createBudgetSpendGuard({ requestRate: false, modelCapacity: false });
  // $10,000 a day: never reached here, so every call is admitted and only the leasing shows.
  const cap = new OperatorCap(
    () => 10_000_000_000,
    () => CAP_BLOCK_MICROS,
  );
  const capped = createBudgetSpendGuard({ requestRate: false, operatorCap: cap });
  const totals = { uncapped: 0, capped: 0, unlimited: 0 };
  try {
    const ids: string[] = [];
    for (let i = 0; i < CONCURRENCY; i++) ids.push((await getDb().user.create({ data: { tier: "enterprise" } })).id);
    const many = (w: number) => ids[w]!;
    // A first round warms the pool and the JIT; it is printed but counts for neither side.
    const runs: [string, (w: number) => string, typeof uncapped, keyof typeof totals | null][] = [
      ["warm-up", many, uncapped, null],
    ];
    for (let r = 0; r < ROUNDS; r++)
      runs.push(
        ["many users", many, uncapped, "uncapped"],
        ["no model limiter", many, unlimited, "unlimited"],
        ["many users, cost cap", many, capped, "capped"],
      );
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
            const hold = (
              await guard.beforeCall({
                identity,
                ip: null,
                conversationId: "bench",
                model: defaultModelId("fast"),
                estimatedInputTokens: 200,
                maxOutputTokens: 1_000,
                worstCaseCostMicros: 500,
              })
            ).hold;
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
    const [rpm] = await getDb().$queryRawUnsafe<{ leased: bigint }[]>(
      "SELECT COALESCE(sum(count), 0) AS leased FROM rate_limit_buckets WHERE key LIKE 'model:rpm:%'",
    );
    console.log(
      `model limiter on / off: ${((totals.uncapped / totals.unlimited) * 100).toFixed(1)}% of the throughput ` +
        `(${ROUNDS} rounds each; ${Number(rpm?.leased ?? 0).toLocaleString("en-US")} requests leased, blocks of 500)`,
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
