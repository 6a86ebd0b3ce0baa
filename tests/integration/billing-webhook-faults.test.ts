// Stripe events under database faults: an attempt cut off by the database going
// away leaves nothing that answers "duplicate", so Stripe's retry applies it.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import {
  createUser,
  signedHeader,
  startBillingHarness,
  userTier,
  waitIdle,
  type BillingHarness,
} from "@/tests/helpers/billing-harness";
import { startPgProxy, type PgProxy } from "@/tests/helpers/pg-proxy";

let h: BillingHarness;
let proxy: PgProxy;
beforeAll(async () => {
  proxy = await startPgProxy(process.env.DATABASE_URL!);
  process.env.DATABASE_URL = proxy.url;
  h = await startBillingHarness(webhook);
});
afterAll(async () => {
  await h.close();
  await proxy.close();
});

function deliver(payload: string): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json", "stripe-signature": signedHeader(payload) });
  return webhook(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload }));
}

describe("Stripe events under database faults", () => {
  it("applies the retry of an event whose attempt lost the database mid-way", async () => {
    const user = await createUser();
    const customer = await h.stripe.customers.create({ email: user.email, metadata: { userId: user.id } });
    await getDb().user.update({ where: { id: user.id }, data: { stripeCustomerId: customer.id } });
    h.emulator.setDeliveryMode("hold");
    await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_pro_monthly" }] });
    const event = (await h.stripe.events.list({ type: "customer.subscription.created", limit: 1 })).data[0]!;
    const payload = JSON.stringify(event);

    // The database goes away while the event is applied (its claim already written).
    const cut = proxy.cutOn("pg_advisory_xact_lock");
    const first = deliver(payload);
    await cut;
    expect((await first).status).toBe(503);
    proxy.up();

    // Stripe's retry, seconds later: applied, not "duplicate".
    const retry = await deliver(payload);
    expect(await retry.json()).toEqual({ received: true, outcome: "processed" });
    expect(await userTier(user.id)).toBe("pro");
    const row = await getDb().processedWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.status).toBe("processed");
    // And only now is a copy a duplicate.
    expect(await (await deliver(payload)).json()).toEqual({ received: true, outcome: "duplicate" });
    h.emulator.setDeliveryMode("normal");
    await waitIdle(h.emulator);
  });
});
