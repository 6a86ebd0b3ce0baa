import { describe, expect, it } from "vitest";
import { createBudgetSpendGuard, worstCaseTokens } from "@/lib/budget/spend-guard";
import { readCounters } from "@/lib/budget/ledger";
import { usageReport } from "@/lib/budget/usage-report";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { call, clockAt, refusal, usage, user, WORST } from "./budget-harness";

describe("reserve then settle", () => {
  it("holds the worst case, settles the actual usage and refuses with 402 + resetAt beyond the budget", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free", WORST * 2);
    const h1 = (await guard.beforeCall(call(id))).hold;
    const h2 = (await guard.beforeCall(call(id))).hold;
    // Refused only for the two holds in flight: a short 429, not the budget's reset.
    const held = await refusal(guard.beforeCall(call(id)));
    expect(held.status).toBe(429);
    expect(held.details.reason).toBe("held");
    // A call the budget cannot hold even with nothing in flight: 402 with the reset.
    const err = await refusal(guard.beforeCall(call(id, 100, 100_000)));
    expect(err.status).toBe(402);
    expect(err.code).toBe("budget_exceeded:chat");
    expect(err.details.resetAt).toBe("2026-03-11T00:00:00.000Z");
    expect(err.details.upgrade).toEqual({ action: "upgrade", href: "/pricing" });
    expect(err.message).toMatch(/resets at 2026-03-11 00:00 UTC/);

    // Settling to a smaller actual releases the rest of the hold.
    await guard.afterCall(h1, usage({ inputTokens: 100, outputTokens: 50, totalTokens: 150 }));
    // spendable() is in the router's units (estimate + max output, before the hold's margin).
    const spendable = (await guard.spendable(id)).left.tokens!;
    expect(spendable).toBe(Math.floor((WORST - 150 - 17) / 1.1));
    await guard.beforeCall(call(id, spendable - 10, 10)); // a call the router deems affordable fits
    await guard.afterCall(h2, usage());
    const counters = await readCounters(id.userId);
    expect(counters.find((c) => c.window === "day")?.tokensUsed).toBe(450);
    const third = worstCaseTokens(spendable - 10, 10);
    expect((await guard.spendable(id)).left.tokens).toBe(Math.floor((WORST * 2 - 450 - third - 17) / 1.1));
    expect(counters.find((c) => c.window === "month")?.windowStart).toBe("2026-03-01T00:00:00.000Z");
  });

  it("settles a hold at most once", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free");
    const h = (await guard.beforeCall(call(id))).hold;
    await guard.afterCall(h, usage());
    await guard.afterCall(h, usage());
    expect((await readCounters(id.userId)).find((c) => c.window === "day")?.tokensUsed).toBe(300);
    expect(await getDb().usageLedger.count({ where: { userId: id.userId } })).toBe(1);
  });

  it("releases expired reservations of crashed requests", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false, reservationTtlMs: 60_000 });
    const id = await user("free", WORST);
    const crashed = (await guard.beforeCall(call(id))).hold; // never settled
    await refusal(guard.beforeCall(call(id)));
    clock.advance(60_001);
    const h = (await guard.beforeCall(call(id))).hold;
    expect(h.id).not.toBe(crashed.id);
    const row = await getDb().budgetReservation.findUniqueOrThrow({ where: { id: crashed.id! } });
    expect(row.status).toBe("expired");
    // A late settlement of the lapsed hold is still charged (the tokens were spent).
    await guard.afterCall(crashed, usage());
    expect((await readCounters(id.userId)).find((c) => c.window === "day")?.tokensUsed).toBe(300);
  });

  it("rolls the daily window over at UTC midnight and the monthly one on the 1st", async () => {
    const clock = clockAt("2026-03-31T23:59:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free", WORST, WORST * 3);
    const h = (await guard.beforeCall(call(id))).hold;
    await guard.afterCall(h, usage({ outputTokens: 200, inputTokens: 126, totalTokens: 326 }));
    const late = await refusal(guard.beforeCall(call(id)));
    expect(late.details.resetAt).toBe("2026-04-01T00:00:00.000Z");
    clock.set("2026-04-01T00:00:01Z");
    const next = (await guard.beforeCall(call(id))).hold;
    await guard.afterCall(next, usage());
    const counters = await readCounters(id.userId);
    expect(counters.map((c) => `${c.window}@${c.windowStart}=${c.tokensUsed}`)).toEqual([
      "day@2026-03-31T00:00:00.000Z=326",
      "day@2026-04-01T00:00:00.000Z=300",
      "month@2026-03-01T00:00:00.000Z=326",
      "month@2026-04-01T00:00:00.000Z=300",
    ]);
    const report = await usageReport(id.userId, clock);
    expect(report.day).toEqual({ used: 300, limit: WORST, resetAt: "2026-04-02T00:00:00.000Z" });
    expect(report.month.resetAt).toBe("2026-05-01T00:00:00.000Z");
  });

  it("follows the billing period of a live subscription for the monthly window", async () => {
    const clock = clockAt("2026-03-20T10:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("pro", undefined, WORST);
    await getDb().subscription.create({
      data: {
        id: "sub_1",
        userId: id.userId,
        customerId: "cus_1",
        status: "active",
        priceId: "price_pro_monthly",
        tier: "pro",
        currentPeriodStart: new Date("2026-03-15T08:30:00Z"),
        currentPeriodEnd: new Date("2026-04-15T08:30:00Z"),
      },
    });
    await guard.afterCall((await guard.beforeCall(call(id))).hold, usage());
    const err = await refusal(guard.beforeCall(call(id)));
    expect(err.details).toMatchObject({ limit: "month", resetAt: "2026-04-15T08:30:00.000Z" });
  });

  it("counts cached and thinking tokens once", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free");
    const h = (await guard.beforeCall(call(id, 1000, 500))).hold;
    // 1000 prompt tokens of which 400 cached, 100 visible output + 50 thinking.
    await guard.afterCall(
      h,
      usage({
        inputTokens: 1000,
        cachedTokens: 400,
        outputTokens: 100,
        thinkingTokens: 50,
        totalTokens: 1550,
        costMicros: 321,
      }),
    );
    const day = (await readCounters(id.userId)).find((c) => c.window === "day");
    expect(day).toMatchObject({ tokensUsed: 1150, costMicros: 321 });
    const row = await getDb().usageLedger.findFirstOrThrow({ where: { userId: id.userId } });
    expect(row).toMatchObject({
      inputTokens: 1000,
      cachedTokens: 400,
      outputTokens: 100,
      thinkingTokens: 50,
      totalTokens: 1150,
    });
  });

  it("charges an aborted stream its estimate", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free");
    const h = (await guard.beforeCall(call(id, 100, 200))).hold;
    await guard.afterCall(
      h,
      usage({
        outcome: "aborted",
        estimated: true,
        inputTokens: 100,
        outputTokens: 37,
        totalTokens: 137,
        costMicros: 40,
      }),
    );
    const row = await getDb().usageLedger.findFirstOrThrow({ where: { userId: id.userId } });
    expect(row).toMatchObject({ outcome: "aborted", estimated: true, totalTokens: 137, costMicros: 40n });
    expect((await readCounters(id.userId)).find((c) => c.window === "month")).toMatchObject({
      tokensUsed: 137,
      costMicros: 40,
    });
    const held = await getDb().budgetReservation.findUniqueOrThrow({ where: { id: h.id! } });
    expect(held.status).toBe("settled");
  });

  it("enforces the monthly cost cap and the guest sign-up path", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const guest = await user("guest");
    // Guest cap: 50_000 micro-dollars per month.
    const err = await refusal(guard.beforeCall(call(guest, 10, 10, 46_000)));
    expect(err.details).toMatchObject({ limit: "cost", upgrade: { action: "sign_up", href: "/sign-in" } });
    expect(err.message).toMatch(/Create a free account/);
    const ok = (await guard.beforeCall(call(guest, 10, 10, 40_000))).hold;
    expect(ok.id).toBeTruthy();
  });

  it("tells a turn too big for what is left from an allowance used up", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free", 10_000);
    await guard.afterCall(
      (await guard.beforeCall(call(id, 10, 10))).hold,
      usage({ inputTokens: 4_000, outputTokens: 1_000, totalTokens: 5_000 }),
    );
    // 5,000 left: a long history (3,000 tokens) plus a 2,048-token answer does not fit; a short chat would.
    const tooLong = await refusal(guard.beforeCall(call(id, 3_000, 2_048)));
    expect(tooLong.details).toMatchObject({ reason: "conversation_too_long", limit: "day" });
    expect(tooLong.message).toMatch(/^This conversation is too long for what's left today; start a new chat/);
    expect((await guard.beforeCall(call(id, 50, 2_048))).hold.id).toBeTruthy();
  });

  it("reports usage with the 80% warning, and exhaustion once not even a short new chat fits", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free", 20_000);
    await guard.afterCall(
      (await guard.beforeCall(call(id, 10, 10))).hold,
      usage({ inputTokens: 14_000, outputTokens: 2_000, totalTokens: 16_000 }),
    );
    // 4,000 left: a short question still fits (its answer capped to what is left).
    let report = await usageReport(id.userId, clock);
    expect(report).toMatchObject({
      tier: "free",
      warning: true,
      exhausted: false,
      day: { used: 16_000, limit: 20_000 },
    });
    await guard.afterCall(
      (await guard.beforeCall(call(id, 10, 10))).hold,
      usage({ inputTokens: 3_000, outputTokens: 600, totalTokens: 3_600 }),
    );
    // 400 left is less than a short turn's hold even at the lowest output cap: admission would refuse, so the meter says so.
    report = await usageReport(id.userId, clock);
    expect(report).toMatchObject({ warning: true, exhausted: true, day: { used: 19_600 } });
    const refused = await refusal(guard.beforeCall(call(id, 10, 2_048)));
    expect(refused.details).toMatchObject({ reason: "allowance_used", limit: "day" });
  });
});

describe("guard order", () => {
  it("answers 402 before 429, and releases the hold of a rate-limited call", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, modelCapacity: false });
    const id = await user("free", WORST * 100);
    // Free tier: 10 requests per minute.
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => guard.beforeCall(call(id))));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as AppError] : []));
    expect(refused.map((e) => e.code)).toEqual(Array(5).fill("rate_limit:chat"));
    expect(await getDb().budgetReservation.count({ where: { userId: id.userId, status: "released" } })).toBe(5);
    expect(await getDb().budgetReservation.count({ where: { userId: id.userId, status: "active" } })).toBe(10);

    const broke = await user("free", 10);
    const err = await refusal(guard.beforeCall(call(broke)));
    expect(err.code).toBe("budget_exceeded:chat");
  });

  it("does not count a summary or fallback call against the user's requests per minute, only its budget", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, modelCapacity: false });
    const id = await user("free", WORST * 30);
    // Free tier: 10 requests per minute; 10 more calls on behalf of counted requests still pass.
    for (let i = 0; i < 10; i++) await guard.beforeCall(call(id));
    for (let i = 0; i < 10; i++) await guard.beforeCall({ ...call(id), countsAsRequest: false });
    expect((await refusal(guard.beforeCall(call(id)))).code).toBe("rate_limit:chat");
    expect(await getDb().budgetReservation.count({ where: { userId: id.userId, status: "active" } })).toBe(20);
    // The budget still applies to them: 30 worst cases fit, the 31st does not.
    for (let i = 0; i < 10; i++) await guard.beforeCall({ ...call(id), countsAsRequest: false });
    // (Refused for the holds in flight, so the wait is short: 429 with reason "held".)
    const over = await refusal(guard.beforeCall({ ...call(id), countsAsRequest: false }));
    expect(over.code).toBe("rate_limit:chat");
    expect(over.details.reason).toBe("held");
  });
});
