// The global limiter toward Gemini, per model: requests and tokens per minute
// summed over every app instance (shared Postgres buckets). Calls are admitted
// against leased blocks of it as a rule (model-lease.ts); this is the exact way,
// one call at a time: a call that finds no capacity waits briefly (bounded) for
// the window to slide, then fails with a clear 503 rather than letting the
// provider answer 429 mid-stream.
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import type { Clock } from "@/lib/budget/clock";
import { consume, refund } from "./sliding-window";

const MINUTE = 60_000;

export interface ModelLimit {
  rpm: number;
  tpm: number;
}

/** MODEL_LIMITS="<model>=<rpm>:<tpm>,…" (e.g. "gemini-4-argon=150:2000000") overrides the defaults per model. */
export function modelLimitFor(model: string, source = env()): ModelLimit {
  for (const entry of source.MODEL_LIMITS.split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*(\d+)\s*:\s*(\d+)\s*$/.exec(entry);
    if (m && m[1] === model) return { rpm: Number(m[2]), tpm: Number(m[3]) };
  }
  return { rpm: source.MODEL_RPM_LIMIT, tpm: source.MODEL_TPM_LIMIT };
}

export async function acquireModelCapacity(input: {
  model: string;
  tokens: number;
  clock: Clock;
  limit?: ModelLimit;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<void> {
  const limit = input.limit ?? modelLimitFor(input.model);
  const maxWaitMs = input.maxWaitMs ?? env().MODEL_LIMIT_WAIT_MS;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // A single call larger than the whole per-minute token budget could never fit.
  const tokens = Math.min(Math.ceil(input.tokens), limit.tpm);
  const deadline = input.clock().getTime() + maxWaitMs;
  for (;;) {
    const now = input.clock();
    const rpm = await consume({ key: `model:rpm:${input.model}`, limit: limit.rpm, windowMs: MINUTE, now });
    let retryAfterSeconds = rpm.retryAfterSeconds;
    if (rpm.allowed) {
      const tpm = await consume({
        key: `model:tpm:${input.model}`,
        limit: limit.tpm,
        windowMs: MINUTE,
        amount: tokens,
        now,
      });
      if (tpm.allowed) return;
      await refund(`model:rpm:${input.model}`, MINUTE, 1, now);
      retryAfterSeconds = tpm.retryAfterSeconds;
    }
    const left = deadline - input.clock().getTime();
    if (left <= 0) {
      throw new AppError(
        "unavailable:model",
        "The AI model is at capacity right now. Please try again in a few seconds.",
        {
          details: { model: input.model, retryAfterSeconds },
          headers: { "Retry-After": String(retryAfterSeconds) },
        },
      );
    }
    // Poll: capacity frees continuously as the window slides or other calls refund.
    await sleep(Math.min(250, left, retryAfterSeconds * 1000));
  }
}
