// The global per-model limiter without a shared row on every call. Each instance
// leases a block of a model's requests and tokens for the current minute from
// rate_limit_buckets (the same counters acquireModelCapacity() takes from, so
// a lease counts there like the calls it covers) and admits calls against its
// block in memory. A settled call gives its unused worst case back to the block
// while the minute lasts; what is left of a block when the minute ends goes back
// to that minute's counter, where it only ever lowered the next minute's room.
// When no block can cover a call (the model is near its limit), the caller hands
// back this instance's leftovers and goes the exact way, one call at a time with
// the bounded wait: returnAll() then acquireModelCapacity().
//
// Bound: leases are taken under the limit, and every call admitted here is
// covered by a lease of its minute, so the calls sent never pass the limit.
// Under-use: near the limit, each other instance may hold up to one block
// unused until its minute ends (MODEL_LEASE_BLOCKS blocks per limit: 50 = 2%).
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { modelLimitFor, type ModelLimit } from "./model-limits";
import { leaseUpTo, refund } from "./sliding-window";

const MINUTE = 60_000;

/** What one admitted call took from its instance's block. */
export interface ModelGrant {
  model: string;
  windowStart: number;
  tokens: number;
}

interface Block {
  windowStart: number;
  requests: number;
  tokens: number;
}

const rpmKey = (model: string) => `model:rpm:${model}`;
const tpmKey = (model: string) => `model:tpm:${model}`;

export class ModelLeases {
  private readonly blocks = new Map<string, Block>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly limitFor: (model: string) => ModelLimit = modelLimitFor,
    private readonly blocksPerLimit = () => env().MODEL_LEASE_BLOCKS,
  ) {}

  /** One lease at a time per model in this instance: a burst shares the block it brings in. */
  private serial<T>(model: string, run: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(model) ?? Promise.resolve()).then(run);
    this.queues.set(
      model,
      next.catch(() => undefined),
    );
    return next;
  }

  /** This instance's block of `model` for the minute of `now` (the old minute's leftovers go back). */
  private blockFor(model: string, now: Date): Block {
    const windowStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
    const held = this.blocks.get(model);
    if (held?.windowStart === windowStart) return held;
    if (held) void this.giveBack(model, held);
    const fresh = { windowStart, requests: 0, tokens: 0 };
    this.blocks.set(model, fresh);
    return fresh;
  }

  private async giveBack(model: string, block: Block): Promise<void> {
    const at = new Date(block.windowStart);
    const { requests, tokens } = block;
    block.requests = 0;
    block.tokens = 0;
    await Promise.all([
      requests > 0 ? refund(rpmKey(model), MINUTE, requests, at) : null,
      tokens > 0 ? refund(tpmKey(model), MINUTE, tokens, at) : null,
    ]).catch((err: unknown) => {
      // Not given back: the counter over-counts for a minute, never under.
      logger.warn({ err, model, requests, tokens }, "model limiter: unused lease not returned");
    });
  }

  /**
   * Admits one call of `tokens` (its worst case) against this instance's block,
   * leasing more when the block is short. null: no block can cover it now.
   */
  admit(model: string, tokens: number, now: Date): Promise<ModelGrant | null> {
    return this.serial(model, async () => {
      const limit = this.limitFor(model);
      const need = Math.min(Math.ceil(tokens), limit.tpm);
      const block = this.blockFor(model, now);
      const share = Math.max(1, this.blocksPerLimit());
      const lease = (key: string, lim: number, short: number) =>
        leaseUpTo({ key, limit: lim, need: short, block: Math.ceil(lim / share), windowMs: MINUTE, now });
      if (block.requests < 1) block.requests += await lease(rpmKey(model), limit.rpm, 1 - block.requests);
      if (block.requests >= 1 && block.tokens < need)
        block.tokens += await lease(tpmKey(model), limit.tpm, need - block.tokens);
      if (block.requests < 1 || block.tokens < need) return null;
      block.requests -= 1;
      block.tokens -= need;
      return { model, windowStart: block.windowStart, tokens: need };
    });
  }

  /** Gives a settled call's unused tokens back to its block, while its minute lasts. */
  settle(grant: ModelGrant | null, usedTokens: number): void {
    if (!grant) return;
    const block = this.blocks.get(grant.model);
    if (block?.windowStart !== grant.windowStart) return;
    block.tokens += Math.max(0, grant.tokens - Math.max(0, Math.ceil(usedTokens)));
  }

  /** Returns everything this instance holds of `model`, so the exact way counts on all of it. */
  returnAll(model: string): Promise<void> {
    return this.serial(model, async () => {
      const block = this.blocks.get(model);
      if (block) await this.giveBack(model, block);
    });
  }
}

export const modelLeases = new ModelLeases();
