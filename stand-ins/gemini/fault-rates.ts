// Faults by chance or by script, for benchmarks and tests that need no outside
// controller: each model call (generateContent, streamGenerateContent) draws
// at most one fault kind, by a per-kind probability from a seeded generator
// (reproducible runs), or takes the next entry of a script first.
import { z } from "zod";
import { seededRandom } from "../seeded-random";
import { faultError } from "./errors";
import type { RequestPlan } from "./faults";
import type { GeminiMethod } from "./types";

export const FAULT_KINDS = ["429", "500", "503", "cut", "stream-error"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface RandomFaults {
  /** Probability per model call of each kind (their sum at most 1). */
  rates?: Partial<Record<FaultKind, number>>;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Taken in order before any draw: a kind, or "ok" for a call left alone. */
  script?: (FaultKind | "ok")[];
}

const kind = z.enum(FAULT_KINDS);
export const randomFaultsSchema = z.strictObject({
  rates: z.partialRecord(kind, z.number().min(0).max(1)).optional(),
  seed: z.number().int().optional(),
  script: z.array(z.union([kind, z.literal("ok")])).optional(),
}) satisfies z.ZodType<RandomFaults>;

export class FaultDice {
  private random = seededRandom(1);
  private script: (FaultKind | "ok")[] = [];
  private rates: Partial<Record<FaultKind, number>> = {};

  set(config: RandomFaults | undefined): void {
    this.random = seededRandom(config?.seed ?? 1);
    this.script = [...(config?.script ?? [])];
    this.rates = config?.rates ?? {};
  }

  /** The fault for one model call, if any. */
  draw(method: GeminiMethod): FaultKind | null {
    if (method === "countTokens") return null;
    const scripted = this.script.shift();
    if (scripted) return scripted === "ok" ? null : scripted;
    let r = this.random();
    for (const k of FAULT_KINDS) {
      r -= this.rates[k] ?? 0;
      if (r < 0) return k;
    }
    return null;
  }
}

/** Adds a drawn fault to a request's plan (a configured error already in the plan wins). */
export function applyFault(plan: RequestPlan, fault: FaultKind, model: string, method: GeminiMethod): void {
  if (plan.error) return;
  if (fault === "cut" || fault === "stream-error") {
    // A generateContent answer is one body: its break is a 503 before it.
    if (method !== "streamGenerateContent") fault = "503";
    else if (fault === "cut") return void (plan.cutAfterChunks = 2);
    else return void (plan.streamError = { chunks: 2, status: 503 });
  }
  const status = Number(fault) as 429 | 500 | 503;
  plan.error = faultError(status, model, status === 429 ? 0 : undefined);
  plan.faultLabel = `random:${status}`;
}
