// The global model limiter leased in blocks over several instances (several
// ModelLeases objects on one database, as several servers would be): never more
// admitted than the limit, leases a block at a time, unused tokens back to the
// block, leftovers back when the minute ends, and near the limit the exact way
// with a 503 and the hold given back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBudgetSpendGuard } from "@/lib/budget/spend-guard";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { ModelLeases } from "@/lib/ratelimit/model-lease";
import { call, clockAt, refusal, usage, user } from "./budget-harness";

const counted = async (key: string, at: string) =>
  Number(
    (await getDb().rateLimitBucket.findUnique({ where: { key_windowStart: { key, windowStart: new Date(at) } } }))
      ?.count ?? 0,
  );

const leases = (rpm: number, tpm: number, blocks: number) =>
  new ModelLeases(
    () => ({ rpm, tpm }),
    () => blocks,
  );

describe("model limiter leases", () => {
  it("never admits more than the limit across instances, however the calls interleave", async () => {
    const now = new Date("2031-04-01T10:00:05Z");
    const instances = [0, 1, 2].map(() => leases(32, 1_000_000, 5));
    // 60 concurrent calls against 32 requests a minute, in blocks of 7 (the last lease partial).
    const grants = await Promise.all(Array.from({ length: 60 }, (_, i) => instances[i % 3]!.admit("m-many", 10, now)));
    const admitted = grants.filter(Boolean).length;
    expect(await counted("model:rpm:m-many", "2031-04-01T10:00:00Z")).toBeLessThanOrEqual(32);
    expect(admitted).toBeLessThanOrEqual(32);
    // An instance whose calls are done may hold less than a block unused.
    expect(admitted).toBeGreaterThanOrEqual(32 - 3 * 6);
    // Handed back, the counter holds exactly what was admitted.
    await Promise.all(instances.map((l) => l.returnAll("m-many")));
    expect(await counted("model:rpm:m-many", "2031-04-01T10:00:00Z")).toBe(admitted);
    expect(await counted("model:tpm:m-many", "2031-04-01T10:00:00Z")).toBe(admitted * 10);
  });

  it("leases a block at a time, not a row update per call", async () => {
    const now = new Date("2031-04-01T11:00:05Z");
    const one = leases(1_000, 1_000_000, 50);
    for (let i = 0; i < 100; i++) expect(await one.admit("m-blocks", 100, now)).not.toBeNull();
    // Blocks of 20 requests and 20,000 tokens: five request leases, one token lease.
    expect(await counted("model:rpm:m-blocks", "2031-04-01T11:00:00Z")).toBe(100);
    expect(await counted("model:tpm:m-blocks", "2031-04-01T11:00:00Z")).toBe(20_000);
  });

  it("gives a settled call's unused tokens back to the block, and the minute's leftovers to the counter", async () => {
    const one = leases(100, 1_000, 2);
    const first = await one.admit("m-back", 400, new Date("2031-04-01T12:00:05Z"));
    expect(first).toEqual({ model: "m-back", windowStart: Date.parse("2031-04-01T12:00:00Z"), tokens: 400 });
    expect(await counted("model:tpm:m-back", "2031-04-01T12:00:00Z")).toBe(500);
    // Used 100 of 400: 300 back, so the next call of 400 fits the block with no new lease.
    one.settle(first, 100);
    expect(await one.admit("m-back", 400, new Date("2031-04-01T12:00:30Z"))).not.toBeNull();
    expect(await counted("model:tpm:m-back", "2031-04-01T12:00:00Z")).toBe(500);
    // The next minute: the old block's leftovers (48 requests, 0 tokens) go back to its counter.
    expect(await counted("model:rpm:m-back", "2031-04-01T12:00:00Z")).toBe(50);
    const later = await one.admit("m-back", 400, new Date("2031-04-01T12:01:50Z"));
    await expect.poll(() => counted("model:rpm:m-back", "2031-04-01T12:00:00Z")).toBe(2);
    expect(later).not.toBeNull();
    // A settlement from the old minute does not feed the new block (100 left): 500 needs a new lease.
    one.settle(first, 0);
    expect(await one.admit("m-back", 500, new Date("2031-04-01T12:01:55Z"))).not.toBeNull();
    // A second lease of at least 400, short of a block only by the old minute's weight (5 s of 60 of its 500).
    const tokens = await counted("model:tpm:m-back", "2031-04-01T12:01:00Z");
    expect(tokens).toBeGreaterThanOrEqual(500 + 400);
    expect(tokens).toBeLessThanOrEqual(1_000 - Math.floor(500 / 12));
  });

  it("refuses what no block can cover, and returnAll hands the leftovers to the others", async () => {
    const now = new Date("2031-04-01T13:00:05Z");
    const [a, b] = [leases(4, 1_000_000, 2), leases(4, 1_000_000, 2)];
    expect(await a.admit("m-near", 1, now)).not.toBeNull();
    expect(await b.admit("m-near", 1, now)).not.toBeNull();
    expect(await b.admit("m-near", 1, now)).not.toBeNull();
    // Every request of the minute is leased: b is short while a holds one unused.
    expect(await b.admit("m-near", 1, now)).toBeNull();
    await a.returnAll("m-near");
    expect(await counted("model:rpm:m-near", "2031-04-01T13:00:00Z")).toBe(3);
    expect(await b.admit("m-near", 1, now)).not.toBeNull();
    expect(await a.admit("m-near", 1, now)).toBeNull();
  });
});

describe("model limiter in the budget guard", () => {
  beforeAll(() => {
    process.env.MODEL_LIMITS = "gemini-3.8-flash=3:1000000";
    process.env.MODEL_LIMIT_WAIT_MS = "0";
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.MODEL_LIMITS;
    delete process.env.MODEL_LIMIT_WAIT_MS;
    resetEnvCache();
  });

  it("near the limit goes the exact way: 503 with Retry-After, and the refused call's hold is given back", async () => {
    const clock = clockAt("2031-04-02T09:00:05Z");
    // Instance a leases the whole minute (one block); instance b finds nothing left.
    const a = createBudgetSpendGuard({ clock, requestRate: false, modelLeases: new ModelLeases(undefined, () => 1) });
    const b = createBudgetSpendGuard({ clock, requestRate: false, modelLeases: new ModelLeases(undefined, () => 1) });
    const [alice, bob] = [await user("pro"), await user("pro")];
    const held = (await a.beforeCall(call(alice))).hold;
    const err = await refusal(b.beforeCall(call(bob)));
    expect(err.status).toBe(503);
    expect(err.code).toBe("unavailable:model");
    expect(Number(err.headers["Retry-After"])).toBeGreaterThan(0);
    expect(await getDb().budgetReservation.count({ where: { userId: bob.userId, status: "active" } })).toBe(0);
    // a admits its next calls in memory from the block it holds, then settles as usual.
    const next = (await a.beforeCall(call(alice))).hold;
    await a.afterCall(held, usage());
    await a.afterCall(next, usage());
    expect(await counted("model:rpm:gemini-3.8-flash", "2031-04-02T09:00:00Z")).toBe(3);
  });
});
