// Child process for budget-concurrency.test.ts: its own Prisma client and pg pool,
// firing N concurrent reserve -> (model call) -> settle turns for one user.
// Prints "ready", waits for a line on stdin, then prints one JSON line: { accepted, refused: { [code]: n }, spentTokens }.
import { createBudgetSpendGuard } from "@/lib/budget/spend-guard";
import { closeDb, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";

const [userId, countArg, seedArg] = process.argv.slice(2);
const count = Number(countArg);
const seed = Number(seedArg ?? 0);
const guard = createBudgetSpendGuard({ requestRate: false, modelCapacity: false });
const identity = {
  userId: userId!,
  role: "user" as const,
  tier: "free" as const,
  isGuest: false,
  via: "guest" as const,
};

let accepted = 0;
let spentTokens = 0;
const refused: Record<string, number> = {};

async function turn(i: number): Promise<void> {
  let hold;
  try {
    hold = (
      await guard.beforeCall({
        identity,
        ip: null,
        conversationId: "load",
        model: "gemini-3.8-flash",
        estimatedInputTokens: 100,
        maxOutputTokens: 200,
        worstCaseCostMicros: 100,
      })
    ).hold;
  } catch (err) {
    const code = err instanceof AppError ? err.code : String(err);
    refused[code] = (refused[code] ?? 0) + 1;
    return;
  }
  accepted++;
  // The "model call": a few ms, then actual usage. Input varies around the estimate
  // (up to 135 vs a held 126) so some calls overrun their hold, as real ones can.
  await new Promise((r) => setTimeout(r, (i * 7 + seed) % 15));
  const input = 90 + ((i * 13 + seed) % 46);
  const output = 150 + ((i * 17 + seed) % 51);
  spentTokens += input + output;
  await guard.afterCall(hold, {
    model: "gemini-3.8-flash",
    inputTokens: input,
    cachedTokens: 0,
    outputTokens: output,
    thinkingTokens: 0,
    totalTokens: input + output,
    costMicros: Math.round((input + output) / 4),
    estimated: false,
    latencyMs: 5,
    outcome: "ok",
    conversationId: null,
    messageId: null,
    purpose: "chat",
  });
}

// Warm the pool, then wait for the parent's "go" so both processes fire together.
await Promise.all(Array.from({ length: 10 }, () => getDb().$queryRaw`SELECT 1`));
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdin.destroy(); // otherwise the open pipe keeps this process alive

await Promise.all(Array.from({ length: count }, (_, i) => turn(i)));
await closeDb();
process.stdout.write(JSON.stringify({ accepted, refused, spentTokens }) + "\n");
