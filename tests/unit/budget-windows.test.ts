import { describe, expect, it } from "vitest";
import { effectiveLimits, wayUp } from "@/lib/budget/limits";
import { latestReset } from "@/lib/budget/reserve";
import { worstCaseCost, worstCaseTokens } from "@/lib/budget/spend-guard";
import { chargedTokens } from "@/lib/budget/usage-types";
import { dayWindow, monthWindow, windowsAt } from "@/lib/budget/windows";
import { modelLimitFor } from "@/lib/ratelimit/model-limits";
import { retryAfterMs } from "@/lib/ratelimit/sliding-window";
import { parseEnv } from "@/lib/config/env";

const d = (s: string) => new Date(s);

describe("budget windows", () => {
  it("daily resets at UTC midnight", () => {
    expect(dayWindow(d("2026-03-10T23:59:59.999Z"))).toEqual({
      kind: "day",
      start: d("2026-03-10T00:00:00Z"),
      end: d("2026-03-11T00:00:00Z"),
    });
    expect(dayWindow(d("2026-03-11T00:00:00Z")).start).toEqual(d("2026-03-11T00:00:00Z"));
  });

  it("monthly is the calendar month, or the live billing period containing the instant", () => {
    expect(monthWindow(d("2026-12-31T23:00:00Z"))).toMatchObject({
      start: d("2026-12-01T00:00:00Z"),
      end: d("2027-01-01T00:00:00Z"),
    });
    const period = { currentPeriodStart: d("2026-03-15T08:30:00Z"), currentPeriodEnd: d("2026-04-15T08:30:00Z") };
    expect(monthWindow(d("2026-04-01T00:00:00Z"), [period])).toMatchObject({ start: period.currentPeriodStart });
    // Ended without a renewal yet: back to the calendar month, never an open-ended window.
    expect(monthWindow(d("2026-04-20T00:00:00Z"), [period]).start).toEqual(d("2026-04-01T00:00:00Z"));
    expect(windowsAt(d("2026-02-28T12:00:00Z")).month.end).toEqual(d("2026-03-01T00:00:00Z"));
  });
});

describe("limits and charging", () => {
  it("admin overrides win over the tier", () => {
    const base = { tier: "free" as const, tierOverride: null, dailyTokenOverride: null, monthTokenOverride: null };
    expect(effectiveLimits(base)).toMatchObject({ tier: "free", dailyTokens: 50_000, monthlyTokens: 500_000 });
    expect(effectiveLimits({ ...base, tierOverride: "enterprise" })).toMatchObject({
      dailyTokens: null,
      monthlyTokens: null,
      monthlyCostCapMicros: null,
    });
    expect(effectiveLimits({ ...base, dailyTokenOverride: 7n, monthTokenOverride: 9 })).toMatchObject({
      dailyTokens: 7,
      monthlyTokens: 9,
    });
    expect(wayUp("guest").href).toBe("/sign-in");
    expect(wayUp("free").href).toBe("/pricing");
    expect(wayUp("pro").action).toBeNull();
  });

  it("refuses on the limit that resets last", () => {
    const windows = windowsAt(d("2026-03-10T12:00:00Z"));
    expect(latestReset(["day", "month"], windows)).toEqual({ limit: "month", resetAt: windows.month.end });
    expect(latestReset(["day"], windows)).toEqual({ limit: "day", resetAt: windows.day.end });
    expect(latestReset(["cost"], windows)).toEqual({ limit: "cost", resetAt: windows.month.end });
    // On the month's last day both reset at once: the month limit is named, as broken.
    const lastDay = windowsAt(d("2026-03-31T12:00:00Z"));
    expect(lastDay.day.end).toEqual(lastDay.month.end);
    expect(latestReset(["month"], lastDay)).toEqual({ limit: "month", resetAt: lastDay.month.end });
  });

  it("holds the estimate plus a margin plus max output, and counts cached and thinking tokens once", () => {
    expect(worstCaseTokens(1000, 2048)).toBe(1100 + 16 + 2048);
    expect(worstCaseCost(1001)).toBe(1102);
    expect(chargedTokens({ inputTokens: 1000, outputTokens: 100, thinkingTokens: 50 })).toBe(1150);
  });
});

describe("rate limit math", () => {
  const w = 60_000;
  it("a full window clears after it has slid past", () => {
    // 10 of 10 used, 10 s in: next window, the 10 must decay to 9 -> 6 s into it.
    expect(retryAfterMs({ cur: 10, prev: 0, elapsed: 10_000, windowMs: w, limit: 10, amount: 1 })).toBe(56_000);
  });
  it("only the previous window's tail in the way", () => {
    // prev 10 weighs 10*(1-f); need 2 + 10(1-f) <= 9 -> f >= 0.3 -> 18 s in; now 6 s in.
    expect(retryAfterMs({ cur: 2, prev: 10, elapsed: 6_000, windowMs: w, limit: 10, amount: 1 })).toBeCloseTo(12_000);
  });
  it("reads per-model limits from the environment", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://x@h/db", MODEL_LIMITS: "gemini-4-argon=150:2000000" });
    expect(modelLimitFor("gemini-4-argon", env)).toEqual({ rpm: 150, tpm: 2_000_000 });
    expect(modelLimitFor("gemini-3.8-flash", env)).toEqual({ rpm: 1_000, tpm: 4_000_000 });
  });
});
