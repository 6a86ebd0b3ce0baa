// 200 concurrent reservations by one user from two processes (two pg pools) whose
// budget covers 10 worst cases: recorded spend stays within budget + the documented
// slack, every refusal is the budget's (spent, or held by calls in flight), and counters agree with the ledger.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countersFromLedger, readCounters, rebuildCounters } from "@/lib/budget/ledger";
import { INPUT_MARGIN_TOKENS, worstCaseTokens } from "@/lib/budget/spend-guard";
import { getDb } from "@/lib/db/client";

interface WorkerResult {
  accepted: number;
  refused: Record<string, number>;
  spentTokens: number;
}

interface Worker {
  ready: Promise<void>;
  go(): void;
  result: Promise<WorkerResult>;
}

function startWorker(userId: string, count: number, seed: number): Worker {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  let go: () => void = () => undefined;
  const result = new Promise<WorkerResult>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "budget-load-worker.ts"), userId, String(count), String(seed)],
      { env: { ...process.env, DATABASE_POOL_SIZE: "10", LOG_LEVEL: "warn" }, stdio: ["pipe", "pipe", "pipe"] },
    );
    go = () => child.stdin.end("go\n");
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.startsWith("ready\n")) markReady();
      if (process.env.DEBUG_WORKER) console.log("OUT", String(d));
    });
    child.stderr.on("data", (d) => {
      err += d;
      if (process.env.DEBUG_WORKER) console.log("ERR", String(d));
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as WorkerResult);
    });
  });
  return { ready, go: () => go(), result };
}

describe("concurrent reservations across processes", () => {
  it("never lets 200 concurrent calls spend past a budget covering 10", async () => {
    const worst = worstCaseTokens(100, 200);
    const budget = worst * 10;
    const user = await getDb().user.create({ data: { tier: "free", dailyTokenOverride: BigInt(budget) } });

    const workers = [startWorker(user.id, 100, 1), startWorker(user.id, 100, 2)];
    await Promise.all(workers.map((w) => w.ready));
    workers.forEach((w) => w.go());
    const results = await Promise.all(workers.map((w) => w.result));
    const accepted = results.reduce((s, r) => s + r.accepted, 0);
    const refusedCodes = results.flatMap((r) => Object.keys(r.refused));
    const refused = results.reduce((s, r) => s + Object.values(r.refused).reduce((a, b) => a + b, 0), 0);

    expect(accepted + refused).toBe(200);
    // A refusal is the budget's: spent (402), or held by calls in flight (429 with a short wait).
    for (const code of refusedCodes) expect(["budget_exceeded:chat", "rate_limit:chat"]).toContain(code);
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(results.every((r) => r.accepted > 0)).toBe(true); // both processes took part

    const counters = await readCounters(user.id);
    const day = counters.find((c) => c.window === "day")!;
    expect(day.tokensUsed).toBe(results.reduce((s, r) => s + r.spentTokens, 0));
    // Documented slack: a call overruns its hold only by input beyond the estimate's
    // margin; the worker's inputs reach 135 against a held ceil(100 × 1.1) + 16 = 126.
    const maxOverrunPerCall = 135 - (110 + INPUT_MARGIN_TOKENS);
    expect(day.tokensUsed).toBeLessThanOrEqual(budget + accepted * maxOverrunPerCall);
    // Without the hold, 200 calls would have spent about 20x the budget.
    expect(await getDb().usageLedger.count({ where: { userId: user.id } })).toBe(accepted);
    expect(await getDb().budgetReservation.count({ where: { userId: user.id, status: "active" } })).toBe(0);

    // The ledger is the truth: counters agree with it, and a rebuild changes nothing.
    expect(await countersFromLedger(user.id)).toEqual(counters);
    await getDb().budgetCounter.deleteMany({ where: { userId: user.id } });
    expect(await rebuildCounters(user.id)).toEqual(counters);
    expect(await readCounters(user.id)).toEqual(counters);
  }, 60_000);
});
