import { ping, query } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";

const TIMEOUT_MS = 2_000;

/** Throws unavailable:database with a reason when PostgreSQL does not answer quickly. */
export async function checkDatabase(): Promise<{ latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      query(ping),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    const reason = describe(err);
    throw new AppError("unavailable:database", "The database is not reachable.", {
      details: { status: "unavailable", reason: `database: ${reason}` },
    });
  } finally {
    clearTimeout(timer);
  }
  return { latencyMs: Math.round(performance.now() - started) };
}

// Driver errors sometimes carry an empty message and the useful part in code/cause.
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { message, code } = e as { message?: string; code?: string };
    const text = [code, message?.split("\n")[0]].filter(Boolean).join(" ");
    if (text) parts.push(text);
  }
  return parts.join(" / ") || "no answer";
}
