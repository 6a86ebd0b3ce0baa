// The chat route reads the caller's budget state in the same round trip as their
// identity, and hands it to the router hook, which then need not read again.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/account/api-keys";
import { resolveCaller } from "@/lib/auth/identity";
import { readBudgetState } from "@/lib/budget/account";
import { withBudgetState } from "@/lib/budget/prefetch";
import { createBudgetSpendGuard } from "@/lib/budget/spend-guard";
import { getDb } from "@/lib/db/client";
import { cookieHeaderFor, sessionCookieFor } from "../helpers/auth";

async function userWithUse(tier: "free" | "pro", usedToday: number) {
  const u = await getDb().user.create({ data: { tier, email: `${crypto.randomUUID()}@example.test` } });
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  await getDb().budgetCounter.create({
    data: { userId: u.id, window: "day", windowStart: day, tokensUsed: BigInt(usedToday), costMicros: BigInt(7) },
  });
  return u.id;
}

function requestWith(headers: Record<string, string>) {
  return new NextRequest("http://localhost/api/chat", { method: "POST", headers });
}

describe("budget state read with the identity", () => {
  it("brings the same state readBudgetState() reads, for every identity source, once", async () => {
    const userId = await userWithUse("pro", 1_234);
    const { secret } = await createApiKey(userId, "k", null);
    const sources: Record<string, string>[] = [
      { cookie: cookieHeaderFor(userId) },
      { cookie: await sessionCookieFor(userId) },
      { authorization: `Bearer ${secret}` },
    ];
    const expected = await readBudgetState(userId, new Date());
    for (const headers of sources) {
      const caller = await resolveCaller(requestWith(headers), withBudgetState);
      expect(caller?.identity.userId).toBe(userId);
      const state = caller?.extra;
      expect(state?.snapshot).toEqual(expected.snapshot);
      expect(state?.limits).toEqual(expected.limits);
      expect(state?.key).toBe(expected.key);
    }
  });

  it("reads nothing more when a route does not ask", async () => {
    const userId = await userWithUse("free", 10);
    const caller = await resolveCaller(requestWith({ cookie: cookieHeaderFor(userId) }));
    expect(caller?.identity.userId).toBe(userId);
    expect(caller?.extra).toBeUndefined();
  });

  it("is what the router hook answers from, without reading again", async () => {
    const userId = await userWithUse("free", 1_000);
    const caller = await resolveCaller(requestWith({ cookie: cookieHeaderFor(userId) }), withBudgetState);
    // Spend recorded after the identity read: a fresh read would see it, the state read with the identity does not.
    await getDb().budgetCounter.updateMany({ where: { userId }, data: { tokensUsed: BigInt(40_000) } });
    const guard = createBudgetSpendGuard();
    const fromIdentity = await guard.spendable(caller!.identity, caller!.extra);
    const fresh = await guard.spendable(caller!.identity); // none handed over: this one reads
    expect(fromIdentity.left.tokens).toBeGreaterThan(fresh.left.tokens! + 30_000);
    // What it answered from goes on to the admission as the account to try first.
    expect(fromIdentity.read.account).toBe(caller!.extra);
  });
});
