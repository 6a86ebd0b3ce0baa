import { describe, expect, it } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { acquireModelCapacity } from "@/lib/ratelimit/model-limits";
import { enforceRequestRate } from "@/lib/ratelimit/request-limits";
import { consume, pruneRateLimitBuckets, tryConsumeAll } from "@/lib/ratelimit/sliding-window";

const identity = (userId: string, isGuest = false): Identity => ({
  userId,
  role: "user",
  tier: isGuest ? "guest" : "free",
  isGuest,
  via: "guest",
});

async function outcome(p: Promise<unknown>): Promise<"ok" | AppError> {
  return p.then(
    () => "ok" as const,
    (e: unknown) => {
      if (e instanceof AppError) return e;
      throw e;
    },
  );
}

describe("request rate limits", () => {
  it("lets exactly the tier's requests per minute through a concurrent burst, the rest get 429 + Retry-After", async () => {
    const now = new Date("2026-03-10T12:00:10Z");
    // Free tier: 10 requests per minute.
    const results = await Promise.all(
      Array.from({ length: 40 }, () => outcome(enforceRequestRate({ identity: identity("u-burst"), ip: null, now }))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(10);
    const refused = results.filter((r): r is AppError => r !== "ok");
    expect(refused).toHaveLength(30);
    for (const err of refused) {
      expect(err.code).toBe("rate_limit:chat");
      expect(err.status).toBe(429);
      // The window is full, so room returns only once it has slid past: 50 s + part of the next.
      expect(Number(err.headers["Retry-After"])).toBeGreaterThanOrEqual(50);
      expect(Number(err.headers["Retry-After"])).toBeLessThanOrEqual(120);
    }
    const res = refused[0]!.toResponse();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("slides: the previous minute still weighs, then fully frees", async () => {
    const at = (iso: string) =>
      enforceRequestRate({ identity: identity("u-slide"), ip: null, now: new Date(iso), userRpm: 4 });
    for (let i = 0; i < 4; i++) await at("2026-03-10T12:00:30Z");
    expect(await outcome(at("2026-03-10T12:00:59Z"))).toBeInstanceOf(AppError);
    // 15 s into the next minute the previous 4 weigh 3: one more fits, not two.
    expect(await outcome(at("2026-03-10T12:01:15Z"))).toBe("ok");
    expect(await outcome(at("2026-03-10T12:01:15Z"))).toBeInstanceOf(AppError);
    expect(await outcome(at("2026-03-10T12:02:30Z"))).toBe("ok");
  });

  it("counts a full previous minute in full just after the minute turns", async () => {
    const at = (iso: string) =>
      enforceRequestRate({ identity: identity("u-turn"), ip: null, now: new Date(iso), userRpm: 3 });
    for (let i = 0; i < 3; i++) await at("2026-03-10T12:00:30Z");
    // 50 ms into the next minute the previous 3 still weigh 2.9975, counted as 3: nothing more fits.
    expect(await outcome(at("2026-03-10T12:01:00.050Z"))).toBeInstanceOf(AppError);
    // A third of the way in they weigh 2: one more.
    expect(await outcome(at("2026-03-10T12:01:20Z"))).toBe("ok");
    expect(await outcome(at("2026-03-10T12:01:20Z"))).toBeInstanceOf(AppError);
  });

  it("limits guests per IP across guest identities", async () => {
    const now = new Date("2026-03-10T12:00:00Z");
    const hit = (n: number) =>
      outcome(enforceRequestRate({ identity: identity(`guest-${n}`, true), ip: "203.0.113.9", now, guestIpRpm: 3 }));
    expect([await hit(1), await hit(2), await hit(3)]).toEqual(["ok", "ok", "ok"]);
    const err = await hit(4);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).headers["Retry-After"]).toBeDefined();
    // Signed-in users are not limited by IP.
    expect(await outcome(enforceRequestRate({ identity: identity("u-ip"), ip: "203.0.113.9", now }))).toBe("ok");
  });

  it("prunes old buckets", async () => {
    await consume({ key: "prune-me", limit: 5, windowMs: 60_000, now: new Date("2020-01-01T00:00:00Z") });
    const deleted = await pruneRateLimitBuckets(new Date("2021-01-01T00:00:00Z"));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await getDb().rateLimitBucket.count({ where: { key: "prune-me" } })).toBe(0);
  });
});

describe("global model limiter", () => {
  function fakeTime(iso: string) {
    let t = new Date(iso).getTime();
    return {
      clock: () => new Date(t),
      sleep: async (ms: number) => void (t += ms),
      slept: () => t - new Date(iso).getTime(),
    };
  }

  it("waits briefly for capacity, then fails with a clear 503 and Retry-After", async () => {
    const time = fakeTime("2026-03-10T12:00:10Z");
    const opts = { model: "m-busy", tokens: 100, limit: { rpm: 2, tpm: 10_000 }, maxWaitMs: 2_000, ...time };
    await acquireModelCapacity(opts);
    await acquireModelCapacity(opts);
    const err = await outcome(acquireModelCapacity(opts));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("unavailable:model");
    expect((err as AppError).status).toBe(503);
    expect(Number((err as AppError).headers["Retry-After"])).toBeGreaterThan(0);
    expect(time.slept()).toBeGreaterThanOrEqual(2_000);
    expect(time.slept()).toBeLessThan(2_500);
  });

  it("gets capacity once the window slides during the wait", async () => {
    const opts = { model: "m-slide", tokens: 100, limit: { rpm: 2, tpm: 10_000 }, maxWaitMs: 2_000 };
    const filled = fakeTime("2026-03-10T12:00:59.500Z");
    await acquireModelCapacity({ ...opts, ...filled });
    await acquireModelCapacity({ ...opts, ...filled });
    // Right after the minute turns the previous two still weigh 2: no room within the wait.
    expect(await outcome(acquireModelCapacity({ ...opts, ...fakeTime("2026-03-10T12:01:00.500Z") }))).toBeInstanceOf(
      AppError,
    );
    // Half a second before they weigh 1, the wait covers it.
    const later = fakeTime("2026-03-10T12:01:29.500Z");
    expect(await outcome(acquireModelCapacity({ ...opts, ...later }))).toBe("ok");
    expect(later.slept()).toBeGreaterThanOrEqual(500);
  });

  it("limits tokens per minute and gives back the request slot it could not use", async () => {
    const time = fakeTime("2026-03-10T12:00:10Z");
    const opts = { model: "m-tpm", limit: { rpm: 100, tpm: 1_000 }, maxWaitMs: 0, ...time };
    await acquireModelCapacity({ ...opts, tokens: 800 });
    const err = await outcome(acquireModelCapacity({ ...opts, tokens: 300 }));
    expect((err as AppError).code).toBe("unavailable:model");
    await acquireModelCapacity({ ...opts, tokens: 200 });
    const rpm = await getDb().rateLimitBucket.findFirstOrThrow({ where: { key: "model:rpm:m-tpm" } });
    expect(rpm.count).toBe(2n);
  });
});

describe("all-or-nothing fast path", () => {
  const MINUTE = 60_000;
  const count = async (key: string) =>
    Number((await getDb().rateLimitBucket.findMany({ where: { key } })).reduce((n, b) => n + Number(b.count), 0));

  it("takes every check when all fit, in one statement, and never more than each limit under a burst", async () => {
    const now = new Date("2026-03-11T08:00:05Z");
    const checks = [
      { key: "fast:a", limit: 5 },
      { key: "fast:b", limit: 100, amount: 7 },
    ];
    const results = await Promise.all(Array.from({ length: 12 }, () => tryConsumeAll(checks, MINUTE, now)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await count("fast:a")).toBe(5);
    expect(await count("fast:b")).toBe(35);
  });

  it("takes nothing when one check does not fit", async () => {
    const now = new Date("2026-03-11T09:00:05Z");
    expect(await tryConsumeAll([{ key: "fast:full", limit: 1 }], MINUTE, now)).toBe(true);
    const ok = await tryConsumeAll(
      [
        { key: "fast:room", limit: 10 },
        { key: "fast:full", limit: 1 },
      ],
      MINUTE,
      now,
    );
    expect(ok).toBe(false);
    expect(await count("fast:room")).toBe(0);
    expect(await count("fast:full")).toBe(1);
  });
});
