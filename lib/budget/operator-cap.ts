// The operator's ceiling on provider cost per UTC day, over every instance
// (OPERATOR_DAILY_COST_CAP_MICROS; 0 = off). Enforced at admission like a user's
// budget, but without one shared row on every admission: each instance leases
// blocks of the day's allowance (one UPDATE on operator_spend_days per block) and
// admits calls against its own block in memory, for their worst-case cost. A
// settled call gives back what it did not use, to the block; beyond one block,
// the rest goes back to the day's row for other instances.
//
// Overshoot bound: the day's leases never exceed the cap, and every admitted
// call's worst case is covered by a lease, so spend can pass the cap only by what
// calls cost over their worst case (the input tokens a hold's 10% + 16 margin
// missed, as for user budgets). Under-use: an instance that dies strands at most
// its block (and the worst cases of its calls in flight) until the day ends.
import { env } from "@/lib/config/env";
import { query, toInt } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { logger } from "@/lib/log/logger";
import * as statements from "./statements";

/** Blocks per day's cap when OPERATOR_COST_BLOCK_MICROS is unset: small enough to share, large enough to be rare. */
const BLOCKS_PER_CAP = 100;

export interface CapGrant {
  day: string;
  micros: number;
}

const utcDay = (now: Date) => now.toISOString().slice(0, 10);

function secondsToNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** Takes up to `block` (at least `need`) of `day`'s allowance; returns what was granted (0: not even `need` fits). */
async function lease(day: string, need: number, block: number, cap: number): Promise<number> {
  await query(statements.openSpendDay(day));
  const [row] = await query<{ granted: string }>(statements.leaseSpend(day, need, block, cap));
  return row ? toInt(row.granted) : 0;
}

async function giveBack(day: string, micros: number): Promise<void> {
  await query(statements.returnSpend(day, micros));
}

export class OperatorCap {
  private day = "";
  /** This instance's unspent lease for `day` (negative when calls cost more than their worst case). */
  private local = 0;
  private leasing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly capMicros = () => env().OPERATOR_DAILY_COST_CAP_MICROS,
    private readonly blockMicros = () => env().OPERATOR_COST_BLOCK_MICROS,
  ) {}

  private block(cap: number): number {
    return this.blockMicros() || Math.max(1, Math.ceil(cap / BLOCKS_PER_CAP));
  }

  private roll(day: string) {
    if (day === this.day) return;
    // Yesterday's lease ends with yesterday; nothing is carried over.
    this.day = day;
    this.local = 0;
  }

  /** Admits a call of `worstCaseMicros`, or refuses it (503 until the next UTC day). null: the cap is off. */
  async admit(worstCaseMicros: number, now: Date): Promise<CapGrant | null> {
    const cap = this.capMicros();
    if (!cap) return null;
    const day = utcDay(now);
    // One lease at a time per instance: a burst shares the block it brings in.
    const run = this.leasing.then(async () => {
      this.roll(day);
      if (this.local < worstCaseMicros)
        this.local += await lease(day, worstCaseMicros - this.local, this.block(cap), cap);
      if (this.local < worstCaseMicros) return null;
      this.local -= worstCaseMicros;
      return { day, micros: worstCaseMicros };
    });
    this.leasing = run.catch(() => undefined);
    const grant = await run;
    if (grant) return grant;
    const retryAfterSeconds = secondsToNextUtcDay(now);
    throw new AppError(
      "unavailable:model",
      "The service has reached its spending limit for today. Please try again after midnight UTC.",
      { details: { operatorCap: true, retryAfterSeconds }, headers: { "Retry-After": String(retryAfterSeconds) } },
    );
  }

  /** Gives back what a call did not use of its grant (all of it for a call never made). */
  settle(grant: CapGrant | null, actualMicros: number): void {
    if (!grant || grant.day !== this.day) return;
    this.local += grant.micros - Math.max(0, Math.round(actualMicros));
    const block = this.block(this.capMicros());
    const excess = this.local - block;
    if (excess <= 0) return;
    this.local -= excess;
    giveBack(grant.day, excess).catch((err: unknown) => {
      // Not given back: stranded until the day ends, never overspent.
      logger.warn({ err, micros: excess }, "operator cost cap: unused lease not returned");
    });
  }
}

export const operatorCap = new OperatorCap();
