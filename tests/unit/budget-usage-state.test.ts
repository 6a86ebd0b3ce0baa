import { describe, expect, it } from "vitest";
import { bindingWindow, formatTokens, left, percent, type UsageReport } from "@/components/budget/usage-state";

function report(day: [number, number | null], month: [number, number | null], cost = [0, null as number | null]) {
  return {
    tier: "free",
    day: { used: day[0], limit: day[1], resetAt: "2026-03-11T00:00:00.000Z" },
    month: { used: month[0], limit: month[1], resetAt: "2026-04-01T00:00:00.000Z" },
    cost: { usedMicros: cost[0]!, capMicros: cost[1] ?? null },
    heldTokens: 0,
    warning: false,
    exhausted: false,
    upgrade: { action: "upgrade", href: "/pricing" },
  } satisfies UsageReport;
}

describe("usage meter state", () => {
  it("computes left and percent, unlimited as null", () => {
    expect(left({ used: 800, limit: 1000, resetAt: "" })).toBe(200);
    expect(left({ used: 1200, limit: 1000, resetAt: "" })).toBe(0);
    expect(left({ used: 5, limit: null, resetAt: "" })).toBeNull();
    expect(percent({ used: 829, limit: 1000, resetAt: "" })).toBe(82);
    expect(percent({ used: 5000, limit: 1000, resetAt: "" })).toBe(100);
    expect(percent({ used: 0, limit: 0, resetAt: "" })).toBe(100);
  });

  it("names the window whose reset matters", () => {
    expect(bindingWindow(report([1000, 1000], [1000, 500_000])).name).toBe("today");
    expect(bindingWindow(report([10, 1000], [500_000, 500_000])).name).toBe("this month");
    expect(bindingWindow(report([10, 1000], [10, 500_000], [500_000, 500_000])).window.resetAt).toBe(
      "2026-04-01T00:00:00.000Z",
    );
    expect(bindingWindow(report([10, 10_000], [0, null])).name).toBe("today");
  });

  it("formats token counts compactly", () => {
    expect(formatTokens(9_999)).toBe("9,999");
    expect(formatTokens(41_200)).toBe("41k");
    expect(formatTokens(3_000_000)).toBe("3M");
    expect(formatTokens(2_500_000)).toBe("2.5M");
  });
});
