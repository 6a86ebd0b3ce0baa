import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/stripe/route";
import { POST as checkout } from "@/app/api/billing/checkout/route";
import { CLAIM_LEASE_MS } from "@/lib/billing/webhooks/idempotency";
import { getDb } from "@/lib/db/client";
import { payCheckout } from "@/stand-ins/stripe/testing";
import { cookieHeaderFor } from "@/tests/helpers/auth";
import {
  createUser,
  signedHeader,
  startBillingHarness,
  userTier,
  waitIdle,
  WEBHOOK_SECRET,
  type BillingHarness,
} from "@/tests/helpers/billing-harness";

let h: BillingHarness;
beforeAll(async () => {
  h = await startBillingHarness(webhook);
});
afterAll(async () => {
  await h.close();
});

function deliver(payload: string, signature: string | null): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json" });
  if (signature !== null) headers.set("stripe-signature", signature);
  return webhook(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload }));
}

/** A real event from the emulator for a user with an active pro subscription, applied nowhere yet. */
async function heldSubscriptionEvent() {
  const user = await createUser();
  const customer = await h.stripe.customers.create({ email: user.email, metadata: { userId: user.id } });
  await getDb().user.update({ where: { id: user.id }, data: { stripeCustomerId: customer.id } });
  h.emulator.setDeliveryMode("hold");
  await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_pro_monthly" }] });
  const event = (await h.stripe.events.list({ type: "customer.subscription.created", limit: 1 })).data[0]!;
  return { user, event, payload: JSON.stringify(event, null, 2) };
}

async function stateOf(userId: string, eventId: string) {
  const db = getDb();
  return {
    tier: await userTier(userId),
    subs: await db.subscription.count({ where: { userId } }),
    recorded: await db.processedWebhookEvent.count({ where: { id: eventId } }),
  };
}

describe("POST /api/webhooks/stripe verification", () => {
  it("rejects a tampered body, a wrong secret and a stale timestamp with 400 and no state change", async () => {
    const { user, event, payload } = await heldSubscriptionEvent();
    const before = await stateOf(user.id, event.id);
    expect(before).toEqual({ tier: "free", subs: 0, recorded: 0 });

    const tampered = payload.replace('"price_pro_monthly"', '"price_team_monthly"');
    expect(tampered).not.toBe(payload);
    const cases: Array<[string, string, string | null]> = [
      ["tampered body", tampered, signedHeader(payload)],
      ["wrong secret", payload, signedHeader(payload, "whsec_not_the_secret")],
      ["stale timestamp", payload, signedHeader(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301)],
      ["missing header", payload, null],
    ];
    for (const [name, body, sig] of cases) {
      const res = await deliver(body, sig);
      expect(res.status, name).toBe(400);
      expect((await res.json()).error.code, name).toBe("bad_request:webhook");
      expect(await stateOf(user.id, event.id), name).toEqual(before);
    }

    // The same payload correctly signed is accepted: the rejections were about the signature.
    const ok = await deliver(payload, signedHeader(payload));
    expect(ok.status).toBe(200);
    expect(await stateOf(user.id, event.id)).toEqual({ tier: "pro", subs: 1, recorded: 1 });
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });

  it("applies a duplicate delivery once", async () => {
    const { user, event, payload } = await heldSubscriptionEvent();
    const first = await deliver(payload, signedHeader(payload));
    expect(await first.json()).toEqual({ received: true, outcome: "processed" });
    const row = await getDb().processedWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.status).toBe("processed");
    const audits = () => getDb().auditLog.count({ where: { targetId: user.id, action: "billing.tier_changed" } });
    expect(await audits()).toBe(1);

    // Make the user's state differ from Stripe's: a re-applied event would fix it back.
    await getDb().user.update({ where: { id: user.id }, data: { tier: "free" } });
    const results = await Promise.all([1, 2, 3].map(() => deliver(payload, signedHeader(payload))));
    for (const res of results) expect(await res.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await userTier(user.id)).toBe("free");
    expect(await audits()).toBe(1);
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });

  it("applies a first delivery sent three times at once exactly once", async () => {
    const { user, event, payload } = await heldSubscriptionEvent();
    // Same turn, so the claims share one batched INSERT: only one may win.
    const results = await Promise.all([1, 2, 3].map(() => deliver(payload, signedHeader(payload))));
    const outcomes = await Promise.all(results.map(async (res) => ((await res.json()) as { outcome: string }).outcome));
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "processed"]);
    expect(await stateOf(user.id, event.id)).toEqual({ tier: "pro", subs: 1, recorded: 1 });
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });

  it("answers a claim in progress elsewhere with a retryable 409, and retakes it once its lease lapsed", async () => {
    const { user, event, payload } = await heldSubscriptionEvent();
    const db = getDb();
    // Another server's attempt: claimed, not finished. It never answers "duplicate".
    await db.processedWebhookEvent.create({
      data: { id: event.id, type: event.type, status: "processing", claimedBy: "another-server" },
    });
    const fresh = await deliver(payload, signedHeader(payload));
    expect(fresh.status).toBe(409);
    expect(fresh.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await fresh.json()).error.code).toBe("conflict:webhook");
    expect(await userTier(user.id)).toBe("free");

    // That server crashed: once the lease lapsed the next retry applies the event.
    await db.processedWebhookEvent.update({
      where: { id: event.id },
      data: { receivedAt: new Date(Date.now() - CLAIM_LEASE_MS - 1_000) },
    });
    const stale = await deliver(payload, signedHeader(payload));
    expect(await stale.json()).toEqual({ received: true, outcome: "processed" });
    const row = await db.processedWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.status).toBe("processed");
    expect(row.processedAt).not.toBeNull();
    expect(await userTier(user.id)).toBe("pro");
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });

  it("returns 5xx and lets the retry claim the event when processing fails", async () => {
    const { user, event, payload } = await heldSubscriptionEvent();
    const saved = process.env.STRIPE_API_URL;
    // Stripe unreachable while processing: the event must not be marked done.
    process.env.STRIPE_API_URL = "http://127.0.0.1:1";
    const { resetEnvCache } = await import("@/lib/config/env");
    resetEnvCache();
    try {
      const res = await deliver(payload, signedHeader(payload));
      expect(res.status).toBe(503);
    } finally {
      process.env.STRIPE_API_URL = saved;
      resetEnvCache();
    }
    const row = await getDb().processedWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.status).toBe("failed");
    expect(await userTier(user.id)).toBe("free");
    const retry = await deliver(payload, signedHeader(payload));
    expect(await retry.json()).toEqual({ received: true, outcome: "processed" });
    expect(await userTier(user.id)).toBe("pro");
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });
});

describe("checkout to pro", () => {
  it("pays on the hosted page and the webhook makes the user pro with the Stripe period", async () => {
    const user = await createUser();
    const res = await checkout(
      new NextRequest("http://localhost/api/billing/checkout", {
        method: "POST",
        headers: { cookie: cookieHeaderFor(user.id), "content-type": "application/json" },
        body: JSON.stringify({ priceId: "price_pro_monthly" }),
      }),
    );
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    const session = await h.stripe.checkout.sessions.retrieve(url.split("/").pop()!);
    expect(session.client_reference_id).toBe(user.id);
    expect(session.metadata?.userId).toBe(user.id);

    const paid = await payCheckout(url);
    expect(paid.status).toBe(303);
    await waitIdle(h.emulator);

    expect(await userTier(user.id)).toBe("pro");
    const row = await getDb().subscription.findFirstOrThrow({ where: { userId: user.id } });
    const live = await h.stripe.subscriptions.retrieve(row.id);
    expect(row.status).toBe("active");
    expect(row.currentPeriodEnd.getTime() / 1000).toBe(live.items.data[0]!.current_period_end);

    // A second checkout would double-charge: it is refused.
    const again = await checkout(
      new NextRequest("http://localhost/api/billing/checkout", {
        method: "POST",
        headers: { cookie: cookieHeaderFor(user.id), "content-type": "application/json" },
        body: JSON.stringify({ priceId: "price_team_monthly" }),
      }),
    );
    expect(again.status).toBe(409);
  });

  it("asks guests to sign up first", async () => {
    const guest = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
    const res = await checkout(
      new NextRequest("http://localhost/api/billing/checkout", {
        method: "POST",
        headers: { cookie: cookieHeaderFor(guest.id), "content-type": "application/json" },
        body: JSON.stringify({ priceId: "price_pro_monthly" }),
      }),
    );
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/account/i);
  });
});
