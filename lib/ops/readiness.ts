import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";

const TIMEOUT_MS = 2_000;

/** Throws unavailable:database with a reason when PostgreSQL does not answer quickly. */
export async function checkDatabase(): Promise<{ latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getDb().$queryRawUnsafe("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : "unknown error";
    throw new AppError("unavailable:database", "The database is not reachable.", {
      details: { status: "unavailable", reason: `database: ${reason}` },
    });
  } finally {
    clearTimeout(timer);
  }
  return { latencyMs: Math.round(performance.now() - started) };
}
