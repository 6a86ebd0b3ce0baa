import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PATCH as overrideTier } from "@/app/api/admin/users/[id]/tier/route";
import { GET as usage } from "@/app/api/usage/route";
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { cookieHeaderFor, createAdmin } from "@/tests/helpers/auth";

async function makeUser(tier: Tier) {
  return getDb().user.create({ data: { tier, isGuest: tier === "guest" } });
}

function patch(userId: string, asUser: string | null, body: unknown) {
  const req = new NextRequest(`http://localhost/api/admin/users/${userId}/tier`, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...(asUser ? { cookie: cookieHeaderFor(asUser) } : {}) },
  });
  return overrideTier(req, { params: Promise.resolve({ id: userId }) });
}

describe("GET /api/usage", () => {
  it("answers the caller's windows, limits and flags", async () => {
    const u = await makeUser("free");
    await getDb().budgetCounter.create({
      data: { userId: u.id, window: "day", windowStart: startOfUtcDay(), tokensUsed: 41_000n, costMicros: 10n },
    });
    const res = await usage(
      new NextRequest("http://localhost/api/usage", { headers: { cookie: cookieHeaderFor(u.id) } }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      tier: "free",
      day: { used: 41_000, limit: 50_000 },
      month: { used: 0, limit: 500_000 },
      warning: true,
      exhausted: false,
      upgrade: { action: "upgrade", href: "/pricing" },
    });
    expect(new Date(body.day.resetAt).getTime()).toBe(startOfUtcDay().getTime() + 86_400_000);
  });

  it("needs an identity", async () => {
    const res = await usage(new NextRequest("http://localhost/api/usage"));
    expect(res.status).toBe(401);
  });
});

describe("PATCH /api/admin/users/:id/tier", () => {
  it("lets an admin override tier and budgets, and audits it", async () => {
    const admin = await createAdmin();
    const target = await makeUser("free");
    const res = await patch(target.id, admin.id, { tierOverride: "pro", dailyTokenOverride: 1234 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      userId: target.id,
      tier: "pro",
      tierOverride: "pro",
      dailyTokenOverride: 1234,
      monthTokenOverride: null,
    });
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { targetId: target.id } });
    expect(audit).toMatchObject({ actorId: admin.id, action: "admin.budget_override", targetType: "user" });

    // The override is what budgets use now.
    const after = await usage(
      new NextRequest("http://localhost/api/usage", { headers: { cookie: cookieHeaderFor(target.id) } }),
    );
    expect(await after.json()).toMatchObject({ tier: "pro", day: { limit: 1234 }, month: { limit: 3_000_000 } });

    // null clears an override.
    const cleared = await patch(target.id, admin.id, { tierOverride: null, dailyTokenOverride: null });
    expect(await cleared.json()).toMatchObject({ tier: "free", tierOverride: null, dailyTokenOverride: null });
  });

  it("refuses non-admins, strangers, bad input and unknown users", async () => {
    const admin = await createAdmin();
    const user = await makeUser("pro");
    const target = await makeUser("free");
    expect((await patch(target.id, user.id, { tierOverride: "enterprise" })).status).toBe(403);
    expect((await patch(target.id, null, { tierOverride: "enterprise" })).status).toBe(401);
    expect((await patch(target.id, admin.id, { tierOverride: "platinum" })).status).toBe(400);
    expect((await patch(target.id, admin.id, {})).status).toBe(400);
    expect((await patch(target.id, admin.id, { dailyTokenOverride: -5 })).status).toBe(400);
    expect((await patch("nobody", admin.id, { tierOverride: "pro" })).status).toBe(404);
    const unchanged = await getDb().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(unchanged.tierOverride).toBeNull();
  });
});

function startOfUtcDay(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
