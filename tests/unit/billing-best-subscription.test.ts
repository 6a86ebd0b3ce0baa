import { describe, expect, it } from "vitest";
import { grantedTier, pickBest, type SubscriptionState } from "@/lib/billing/best-subscription";
import { coalesce } from "@/lib/billing/coalesce";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");

function sub(id: string, status: string, extra: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    id,
    status,
    priceTier: "pro",
    currentPeriodStart: new Date(now.getTime() - 10 * DAY),
    currentPeriodEnd: new Date(now.getTime() + 20 * DAY),
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    created: 1,
    ...extra,
  };
}

describe("pickBest", () => {
  it("prefers active > trialing > past_due > others, whatever the input order", () => {
    const subs = [sub("a", "canceled"), sub("b", "past_due"), sub("c", "trialing"), sub("d", "active")];
    for (const order of [subs, [...subs].reverse(), [subs[2]!, subs[0]!, subs[3]!, subs[1]!]]) {
      expect(pickBest(order)?.id).toBe("d");
    }
    expect(pickBest([sub("a", "canceled"), sub("b", "past_due")])?.id).toBe("b");
    expect(pickBest([])).toBeNull();
  });

  it("breaks ties by newest", () => {
    expect(pickBest([sub("old", "active", { created: 1 }), sub("new", "active", { created: 2 })])?.id).toBe("new");
  });
});

describe("grantedTier", () => {
  it("grants the price's tier while active or trialing, free otherwise", () => {
    expect(grantedTier(sub("a", "active", { priceTier: "team" }), now, 3)).toBe("team");
    expect(grantedTier(sub("a", "trialing"), now, 3)).toBe("pro");
    for (const status of ["canceled", "unpaid", "incomplete", "paused", "incomplete_expired"]) {
      expect(grantedTier(sub("a", status), now, 3)).toBe("free");
    }
    expect(grantedTier(null, now, 3)).toBe("free");
    expect(grantedTier(sub("a", "active", { priceTier: null }), now, 3)).toBe("free");
  });

  it("keeps the tier through the past_due grace period only", () => {
    const since = new Date(now.getTime() - 3 * DAY);
    expect(grantedTier(sub("a", "past_due", { pastDueSince: since }), new Date(now.getTime() - 1), 3)).toBe("pro");
    expect(grantedTier(sub("a", "past_due", { pastDueSince: since }), now, 3)).toBe("free");
    expect(grantedTier(sub("a", "past_due", { pastDueSince: since }), now, 4)).toBe("pro");
  });

  it("cancel at period end keeps the tier until the period ends", () => {
    const s = sub("a", "active", { cancelAtPeriodEnd: true });
    expect(grantedTier(s, new Date(s.currentPeriodEnd.getTime() - 1), 3)).toBe("pro");
    expect(grantedTier(s, s.currentPeriodEnd, 3)).toBe("free");
  });
});

describe("coalesce", () => {
  it("runs a burst as one run plus one follow-up that starts after the first", async () => {
    const runs: Date[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = async (at: Date) => {
      runs.push(at);
      if (runs.length === 1) await gate;
      return runs.length;
    };
    const first = coalesce("k", new Date(1), run);
    const joiners = [2, 5, 3].map((t) => coalesce("k", new Date(t), run));
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(joiners)).toEqual([2, 2, 2]);
    expect(runs.map((d) => d.getTime())).toEqual([1, 5]);
    // The slot is released: the next call runs again.
    expect(await coalesce("k", new Date(9), run)).toBe(3);
  });
});
