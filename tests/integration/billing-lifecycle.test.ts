import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/stripe/route";
import { tierForPrice } from "@/lib/billing/catalog";
import { createCheckout } from "@/lib/billing/checkout";
import { reconcileCustomer } from "@/lib/billing/reconcile";
import { getDb } from "@/lib/db/client";
import { payCheckout } from "@/stand-ins/stripe/testing";
import {
  createUser,
  startBillingHarness,
  userTier,
  waitIdle,
  type BillingHarness,
} from "@/tests/helpers/billing-harness";

const DAY = 86_400;
let h: BillingHarness;
beforeAll(async () => {
  h = await startBillingHarness(webhook);
});
afterAll(async () => {
  await h.close();
});

async function subscribedUser(priceId = "price_pro_monthly") {
  const user = await createUser();
  const paid = await payCheckout(await createCheckout(user.id, priceId));
  expect(paid.status).toBe(303);
  const customerId = (await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
  const sub = (await h.stripe.subscriptions.list({ customer: customerId })).data[0]!;
  return { user, customerId, sub };
}

/** Our stored view against Stripe's: everything the budget window and tier depend on. */
async function expectConverged(userId: string, customerId: string) {
  const live = (await h.stripe.subscriptions.list({ customer: customerId, status: "all" })).data;
  const rows = await getDb().subscription.findMany({ where: { customerId }, orderBy: { id: "asc" } });
  expect(rows.map((r) => r.id)).toEqual(live.map((s) => s.id).sort());
  for (const row of rows) {
    const sub = live.find((s) => s.id === row.id)!;
    const item = sub.items.data[0]!;
    expect({
      status: row.status,
      priceId: row.priceId,
      start: row.currentPeriodStart.getTime() / 1000,
      end: row.currentPeriodEnd.getTime() / 1000,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    }).toEqual({
      status: sub.status,
      priceId: item.price.id,
      start: item.current_period_start,
      end: item.current_period_end,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
    });
  }
  const active = live.find((s) => s.status === "active");
  expect(await userTier(userId)).toBe(active ? tierForPrice(active.items.data[0]!.price.id) : "free");
}

/** Checkout, plan switches, cancel and undo, a renewal, a failed renewal and its recovery. */
async function fullLifecycle() {
  const user = await createUser();
  const paid = await payCheckout(await createCheckout(user.id, "price_pro_monthly"));
  expect(paid.status).toBe(303);
  const customerId = (await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
  const sub = (await h.stripe.subscriptions.list({ customer: customerId })).data[0]!;
  const itemId = sub.items.data[0]!.id;
  await h.stripe.subscriptions.update(sub.id, { items: [{ id: itemId, price: "price_team_monthly" }] });
  await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
  await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
  await h.emulator.advanceClock(31 * DAY);
  h.emulator.setFailPayments(customerId, true);
  await h.emulator.advanceClock(31 * DAY);
  expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  h.emulator.setFailPayments(customerId, false);
  // Month lengths decide whether the first dunning retry already fell inside the
  // advance above; step day by day until the next retry pays.
  for (let day = 0; day < 10 && (await h.stripe.subscriptions.retrieve(sub.id)).status !== "active"; day++) {
    await h.emulator.advanceClock(DAY);
  }
  const final = await h.stripe.subscriptions.retrieve(sub.id);
  expect(final.status).toBe("active");
  expect(final.items.data[0]!.price.id).toBe("price_team_monthly");
  return { user, customerId };
}

describe("reconciliation under any delivery order", () => {
  it("converges to Stripe's final state for many shuffled orders with duplicates", async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      h.emulator.setDeliveryMode("hold");
      const { user, customerId } = await fullLifecycle();
      const { sent } = await h.emulator.flush({ order: "shuffle", seed, duplicate: 1 });
      expect(sent.length).toBeGreaterThan(10);
      h.emulator.setDeliveryMode("normal");
      await waitIdle(h.emulator);
      await expectConverged(user.id, customerId);
      expect(await userTier(user.id)).toBe("team");
      const events = await getDb().processedWebhookEvent.count({ where: { id: { in: sent } } });
      expect(events).toBe(new Set(sent).size);
    }
  });

  it("converges when held events are released concurrently", async () => {
    h.emulator.setDeliveryMode("hold");
    const { user, customerId } = await fullLifecycle();
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
    await expectConverged(user.id, customerId);
  });
});

describe("lifecycle", () => {
  it("past_due keeps the tier through the grace period, then drops to free", async () => {
    const { user, customerId, sub } = await subscribedUser();
    await waitIdle(h.emulator);
    expect(await userTier(user.id)).toBe("pro");

    h.emulator.setFailPayments(customerId, true);
    await h.emulator.advanceClock(31 * DAY);
    await waitIdle(h.emulator);
    const row = await getDb().subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.status).toBe("past_due");
    expect(row.pastDueSince).not.toBeNull();
    expect(await userTier(user.id)).toBe("pro");
    const { GET: status } = await import("@/app/api/billing/status/route");
    const { NextRequest } = await import("next/server");
    const { cookieHeaderFor } = await import("@/tests/helpers/auth");
    const res = await status(
      new NextRequest("http://localhost/api/billing/status", { headers: { cookie: cookieHeaderFor(user.id) } }),
    );
    const body = await res.json();
    expect(body.subscription.status).toBe("past_due");
    expect(Date.parse(body.subscription.graceEndsAt)).toBe(row.pastDueSince!.getTime() + 3 * DAY * 1000);

    // Just inside the 3-day grace: still pro. Judged with an explicit clock.
    const graceEnd = row.pastDueSince!.getTime() + 3 * DAY * 1000;
    expect((await reconcileCustomer(customerId, { now: new Date(graceEnd - 1000) })).tier).toBe("pro");
    expect((await reconcileCustomer(customerId, { now: new Date(graceEnd) })).tier).toBe("free");
    await reconcileCustomer(customerId, { now: new Date(graceEnd - 1000) });
    expect(await userTier(user.id)).toBe("pro");

    // The emulator's clock: the day-3 dunning retry fails again and its event ends the grace.
    await h.emulator.advanceClock(3 * DAY);
    await waitIdle(h.emulator);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    expect(await userTier(user.id)).toBe("free");

    // Paying again restores the tier and clears the grace clock.
    h.emulator.setFailPayments(customerId, false);
    await h.emulator.advanceClock(5 * DAY);
    await waitIdle(h.emulator);
    expect(await userTier(user.id)).toBe("pro");
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: sub.id } })).pastDueSince).toBeNull();
  });

  it("cancel at period end keeps the tier until the period ends", async () => {
    const { user, sub } = await subscribedUser("price_team_yearly");
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await waitIdle(h.emulator);
    expect(await userTier(user.id)).toBe("team");
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: sub.id } })).cancelAtPeriodEnd).toBe(true);

    await h.emulator.advanceClock(360 * DAY);
    await waitIdle(h.emulator);
    expect(await userTier(user.id)).toBe("team");
    await h.emulator.advanceClock(10 * DAY);
    await waitIdle(h.emulator);
    expect(await userTier(user.id)).toBe("free");
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe("canceled");
  });

  it("a deleted account's subscription is canceled at once", async () => {
    const { user, sub } = await subscribedUser();
    const { cancelBillingForDeletedUser } = await import("@/lib/billing/account-deletion");
    await cancelBillingForDeletedUser(user.id);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
    await waitIdle(h.emulator);
  });
});

describe("full walk", () => {
  it("fixes drift left by lost events and reports it", async () => {
    const { user, customerId } = await subscribedUser();
    await waitIdle(h.emulator);
    // Events lost: Stripe says team, we still say pro / then free.
    h.emulator.setDeliveryMode("hold");
    const sub = (await h.stripe.subscriptions.list({ customer: customerId })).data[0]!;
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: "price_team_monthly" }],
    });
    await getDb().user.update({ where: { id: user.id }, data: { tier: "free" } });

    const { POST: walk } = await import("@/app/api/admin/billing/reconcile/route");
    const { NextRequest } = await import("next/server");
    const { cookieHeaderFor, createAdmin } = await import("@/tests/helpers/auth");
    const admin = await createAdmin();
    const asUser = await walk(
      new NextRequest("http://localhost/api/admin/billing/reconcile", {
        method: "POST",
        headers: { cookie: cookieHeaderFor(user.id) },
      }),
    );
    expect(asUser.status).toBe(403);
    const res = await walk(
      new NextRequest("http://localhost/api/admin/billing/reconcile", {
        method: "POST",
        headers: { cookie: cookieHeaderFor(admin.id) },
      }),
    );
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.errors).toEqual([]);
    expect(report.fixed).toContainEqual({ customerId, userId: user.id, previousTier: "free", tier: "team" });
    await expectConverged(user.id, customerId);
    await h.emulator.flush();
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });
});
