// Webhook delivery: signatures, retries, held and reordered deliveries,
// duplicates, resends, event snapshots, and throughput.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";
import { startWebhookReceiver, type WebhookReceiver } from "@/stand-ins/stripe/testing";

const SECRET = "whsec_webhook_test";
let emulator: StripeEmulator;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    retrySchedule: [20, 40, 80],
  });
  stripe = new Stripe("sk_test_webhooks", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
beforeEach(async () => {
  emulator.setDeliveryMode("normal");
  await emulator.waitForDeliveries();
  receiver.respondWith(() => 200);
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const verify = (hook: { body: string; signature: string }) =>
  stripe.webhooks.constructEvent(hook.body, hook.signature, SECRET);

describe("delivery", () => {
  it("sends pretty-printed JSON signed with t=…,v1=… over the raw body", async () => {
    const customer = await stripe.customers.create({ email: "sig@example.com" });
    const [hook] = await receiver.waitFor((hooks) => hooks.length === 1);
    expect(hook.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hook.body).toContain('\n  "object": "event"');
    const event = verify(hook);
    expect(event).toMatchObject({ type: "customer.created", object: "event", livemode: false, pending_webhooks: 1 });
    expect(event.id).toMatch(/^evt_/);
    expect(event.request?.id).toMatch(/^req_/);
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    // Re-serialising the parsed body breaks the signature, as it does with real Stripe.
    expect(() =>
      stripe.webhooks.constructEvent(JSON.stringify(JSON.parse(hook.body)), hook.signature, SECRET),
    ).toThrow();
    const retrieved = await stripe.events.retrieve(event.id);
    expect(retrieved.pending_webhooks).toBe(0);
  });

  it("retries after a 500 until the endpoint accepts, recording each attempt", async () => {
    receiver.respondWith((n) => (n <= 2 ? 500 : 200));
    await stripe.customers.create({ email: "retry@example.com" });
    await receiver.waitFor((hooks) => hooks.length === 1);
    expect(await emulator.waitForDeliveries()).toBe(true);
    const record = emulator.events({ type: "customer.created" }).at(-1)!;
    expect(record.status).toBe("delivered");
    expect(record.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it("gives up after the retry schedule and marks the event failed", async () => {
    receiver.respondWith(() => 503);
    await stripe.customers.create({ email: "fail@example.com" });
    expect(await emulator.waitForDeliveries()).toBe(true);
    const record = emulator.events({ type: "customer.created" }).at(-1)!;
    expect(record.status).toBe("failed");
    expect(record.attempts).toHaveLength(4);

    receiver.respondWith(() => 200);
    const attempt = await emulator.resend(record.event.id);
    expect(attempt.status).toBe(200);
    expect(receiver.received.map((h) => h.id)).toEqual([record.event.id]);
  });

  it("retries when the endpoint is unreachable", async () => {
    emulator.configure({ webhookUrl: "http://127.0.0.1:9/unreachable" });
    try {
      await stripe.customers.create({ email: "down@example.com" });
      expect(await emulator.waitForDeliveries()).toBe(true);
      const record = emulator.events({ type: "customer.created" }).at(-1)!;
      expect(record.attempts.every((a) => a.status === null && a.error)).toBe(true);
      expect(record.status).toBe("failed");
    } finally {
      emulator.configure({ webhookUrl: receiver.url });
    }
  });
});

describe("held deliveries", () => {
  it("delivers held events in reverse and duplicated, with snapshots from emission time", async () => {
    emulator.setDeliveryMode("hold");
    const customer = await stripe.customers.create({ email: "v1@example.com" });
    await stripe.customers.update(customer.id, { email: "v2@example.com" });
    await stripe.customers.update(customer.id, { email: "v3@example.com" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(0);

    const result = await emulator.flush({ order: "reverse", duplicate: 1 });
    expect(result.sent).toHaveLength(6);
    const emails = receiver.received.map((h) => (verify(h).data.object as Stripe.Customer).email);
    expect(emails).toEqual([
      "v3@example.com",
      "v3@example.com",
      "v2@example.com",
      "v2@example.com",
      "v1@example.com",
      "v1@example.com",
    ]);
    const updated = verify(receiver.received[0]) as Stripe.CustomerUpdatedEvent;
    expect(updated.data.previous_attributes).toEqual({ email: "v2@example.com" });
  });

  it("shuffles deterministically for a given seed", async () => {
    const runWithSeed = async (seed: number) => {
      receiver.received.length = 0;
      emulator.setDeliveryMode("hold");
      const emitted: string[] = [];
      for (let i = 0; i < 8; i++) emitted.push((await stripe.customers.create({ email: `s${i}@example.com` })).email!);
      await emulator.flush({ order: "shuffle", seed });
      return { emitted, delivered: receiver.received.map((h) => (verify(h).data.object as Stripe.Customer).email!) };
    };
    const a = await runWithSeed(7);
    const b = await runWithSeed(7);
    expect(a.delivered).not.toEqual(a.emitted);
    expect([...a.delivered].sort()).toEqual([...a.emitted].sort());
    expect(b.delivered.map((e) => a.emitted.indexOf(e))).toEqual(a.delivered.map((e) => a.emitted.indexOf(e)));
  });

  it("is driven the same way through the HTTP control endpoints", async () => {
    const control = (path: string, body: unknown) =>
      fetch(`${emulator.url}/__emulator/${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());
    await control("delivery", { mode: "hold" });
    await stripe.customers.create({ email: "http-a@example.com" });
    await stripe.customers.create({ email: "http-b@example.com" });
    const flushed = (await control("flush", { order: "fifo", duplicate: 2 })) as { sent: string[] };
    expect(flushed.sent).toHaveLength(6);
    expect(receiver.received).toHaveLength(6);
    const listed = (await (await fetch(`${emulator.url}/__emulator/events?type=customer.created`)).json()) as {
      data: Array<{ status: string; attempts: unknown[] }>;
    };
    expect(listed.data.at(-1)).toMatchObject({ status: "delivered" });
    expect(listed.data.at(-1)!.attempts).toHaveLength(3);
  });
});

describe("throughput", () => {
  it("delivers well over 500 events per second to a local endpoint", async () => {
    const customer = await stripe.customers.create({ email: "load@example.com" });
    await receiver.waitFor((hooks) => hooks.length === 1);
    receiver.received.length = 0;
    const started = performance.now();
    emulator.trigger("customer.updated", customer.id, 2000);
    await receiver.waitFor((hooks) => hooks.length === 2000, 10_000);
    const perSecond = 2000 / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(500);
  });
});
