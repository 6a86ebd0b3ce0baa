// The test clock: renewals, trials, dunning and scheduled cancellations, all
// observed through the SDK and the webhook receiver.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";
import { payCheckout, startWebhookReceiver, type WebhookReceiver } from "@/stand-ins/stripe/testing";

const DAY = 86_400;
const SECRET = "whsec_clock_test";
const CATALOG = [
  {
    productId: "prod_pro",
    productName: "Pro",
    prices: [
      { id: "price_month", unitAmount: 2000, currency: "usd", interval: "month" as const },
      { id: "price_year", unitAmount: 20000, currency: "usd", interval: "year" as const },
    ],
  },
];

let emulator: StripeEmulator;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({
    catalog: CATALOG,
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    tickIntervalMs: 0,
  });
  stripe = new Stripe("sk_test_clock", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
beforeEach(async () => {
  await emulator.waitForDeliveries();
  emulator.configure({ dunning: { retryDays: [3, 5, 7], finalAction: "cancel" } });
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function subscribe(options: { price?: string; trialDays?: number; failPayments?: boolean } = {}) {
  const customer = await stripe.customers.create({ email: "clock@example.com" });
  if (options.failPayments) emulator.setFailPayments(customer.id, true);
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: options.price ?? "price_month" }],
    trial_period_days: options.trialDays,
  });
  return { customer, sub };
}

/** Events for one subscription (or its invoices), in emission order. */
function eventsFor(subId: string) {
  return emulator
    .events()
    .map((record) => record.event)
    .filter((event) => {
      const object = event.data.object as {
        id?: string;
        parent?: { subscription_details?: { subscription?: string } };
      };
      return object.id === subId || object.parent?.subscription_details?.subscription === subId;
    });
}

describe("renewals", () => {
  it("renews at period end with a new invoice and moves the item's period", async () => {
    const { sub } = await subscribe();
    const [item] = sub.items.data;
    emulator.advanceClock(item.current_period_end - emulator.now() + 60);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0].current_period_start).toBe(item.current_period_end);
    expect(renewed.items.data[0].current_period_end).toBeGreaterThan(item.current_period_end + 27 * DAY);

    const invoice = await stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", amount_paid: 2000 });
    expect(invoice.lines.data[0].period).toEqual({
      start: item.current_period_end,
      end: renewed.items.data[0].current_period_end,
    });

    const types = eventsFor(sub.id).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    const update = eventsFor(sub.id).at(-2)!;
    expect(update.created).toBe(item.current_period_end);
    expect((update.data.previous_attributes as Partial<Stripe.Subscription>).items?.data[0].current_period_end).toBe(
      item.current_period_end,
    );
  });

  it("cancels at period end after a portal cancel, with customer.subscription.deleted", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: "price_month", quantity: 1 }],
      customer_email: "leaving@example.com",
      success_url: "http://app.local/ok",
    });
    await payCheckout(session.url!);
    const { customer, subscription } = await stripe.checkout.sessions.retrieve(session.id);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer as string });
    await fetch(`${emulator.url}/portal/${portal.id}/subscriptions/${subscription}/cancel-at-period-end`, {
      method: "POST",
      redirect: "manual",
    });
    const scheduled = await stripe.subscriptions.retrieve(subscription as string);
    expect(scheduled).toMatchObject({ status: "active", cancel_at_period_end: true });

    emulator.advanceClock(10 * DAY);
    expect((await stripe.subscriptions.retrieve(scheduled.id)).status).toBe("active");
    const control = await fetch(`${emulator.url}/__emulator/clock/advance`, {
      method: "POST",
      body: JSON.stringify({ seconds: 25 * DAY }),
    });
    expect(control.status).toBe(200);

    const ended = await stripe.subscriptions.retrieve(scheduled.id);
    expect(ended.status).toBe("canceled");
    expect(ended.ended_at).toBe(scheduled.items.data[0].current_period_end);
    expect(ended.cancellation_details?.reason).toBe("cancellation_requested");
    expect((await stripe.subscriptions.list({ customer: customer as string })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer as string, status: "all" })).data).toHaveLength(1);
    await receiver.waitFor((hooks) => hooks.some((h) => h.type === "customer.subscription.deleted"));
    const deleted = receiver.received.find((h) => h.type === "customer.subscription.deleted")!;
    const event = stripe.webhooks.constructEvent(
      deleted.body,
      deleted.signature,
      SECRET,
    ) as Stripe.CustomerSubscriptionDeletedEvent;
    expect(event.data.object).toMatchObject({ id: scheduled.id, status: "canceled" });
    // No renewal was billed: the only paid invoice is the first one.
    expect(eventsFor(scheduled.id).filter((e) => e.type === "invoice.paid")).toHaveLength(1);
  });
});

describe("failed payments", () => {
  it("goes past_due on a failed renewal, then canceled when every retry fails", async () => {
    const { customer, sub } = await subscribe();
    await fetch(`${emulator.url}/__emulator/customers/${customer.id}/fail-payments`, {
      method: "POST",
      body: JSON.stringify({ fail: true }),
    });
    emulator.advanceClock(sub.items.data[0].current_period_end - emulator.now() + 60);
    const pastDue = await stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const invoice = await stripe.invoices.retrieve(pastDue.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "open", attempt_count: 1, amount_paid: 0 });
    expect(invoice.next_payment_attempt).toBe(sub.items.data[0].current_period_end + 3 * DAY);

    emulator.advanceClock(3 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    emulator.advanceClock(12 * DAY);
    const canceled = await stripe.subscriptions.retrieve(sub.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.cancellation_details?.reason).toBe("payment_failed");
    const types = eventsFor(sub.id).map((e) => e.type);
    expect(types.filter((t) => t === "invoice.payment_failed")).toHaveLength(4);
    expect(types.at(-1)).toBe("customer.subscription.deleted");
  });

  it("marks the subscription unpaid when configured, and recovers when a retry succeeds", async () => {
    emulator.configure({ dunning: { retryDays: [1], finalAction: "unpaid" } });
    const unpaid = await subscribe();
    emulator.setFailPayments(unpaid.customer.id, true);
    const recovering = await subscribe();
    emulator.setFailPayments(recovering.customer.id, true);
    emulator.advanceClock(unpaid.sub.items.data[0].current_period_end - emulator.now() + 60);
    emulator.setFailPayments(recovering.customer.id, false);
    emulator.advanceClock(DAY);
    expect((await stripe.subscriptions.retrieve(unpaid.sub.id)).status).toBe("unpaid");
    const recovered = await stripe.subscriptions.retrieve(recovering.sub.id);
    expect(recovered.status).toBe("active");
    expect((await stripe.invoices.retrieve(recovered.latest_invoice as string)).status).toBe("paid");
  });

  it("leaves a first payment that fails incomplete", async () => {
    const { sub } = await subscribe({ failPayments: true });
    expect(sub.status).toBe("incomplete");
    expect(eventsFor(sub.id).map((e) => e.type)).toEqual(["customer.subscription.created", "invoice.payment_failed"]);
  });
});

describe("trials", () => {
  it("sends trial_will_end three days before the end, then activates with invoice.paid", async () => {
    const { sub } = await subscribe({ trialDays: 7 });
    expect(sub.status).toBe("trialing");
    emulator.advanceClock(3 * DAY);
    expect(eventsFor(sub.id).some((e) => e.type === "customer.subscription.trial_will_end")).toBe(false);
    emulator.advanceClock(DAY + 60);
    const reminder = eventsFor(sub.id).find((e) => e.type === "customer.subscription.trial_will_end");
    expect(reminder?.created).toBe(sub.trial_end! - 3 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("trialing");

    emulator.advanceClock(3 * DAY);
    const active = await stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe("active");
    expect(active.items.data[0].current_period_start).toBe(sub.trial_end);
    const invoice = await stripe.invoices.retrieve(active.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 2000 });
    const tail = eventsFor(sub.id).slice(-2);
    expect(tail.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    expect(tail[0].data.previous_attributes).toMatchObject({ status: "trialing" });
  });

  it("with card 4000 0000 0000 0341 the trial starts but the first charge fails", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: "price_month", quantity: 1 }],
      customer_email: "later-fail@example.com",
      subscription_data: { trial_period_days: 3 },
      success_url: "http://app.local/ok",
    });
    expect((await payCheckout(session.url!, { card_number: "4000000000000341" })).status).toBe(303);
    const { subscription } = await stripe.checkout.sessions.retrieve(session.id);
    // A 3-day trial is already inside the reminder window.
    expect(eventsFor(subscription as string).map((e) => e.type)).toContain("customer.subscription.trial_will_end");
    emulator.advanceClock(3 * DAY + 60);
    expect((await stripe.subscriptions.retrieve(subscription as string)).status).toBe("past_due");
  });
});

describe("pause and resume", () => {
  it("pauses with the pause endpoint and resumes into a new paid period", async () => {
    const { sub } = await subscribe();
    const paused = await stripe.subscriptions.pause(sub.id, { type: "subscription" });
    expect(paused.status).toBe("paused");
    emulator.advanceClock(40 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
    const resumed = await stripe.subscriptions.resume(sub.id);
    expect(resumed.status).toBe("active");
    expect(resumed.items.data[0].current_period_start).toBe(emulator.now());
    const types = eventsFor(sub.id).map((e) => e.type);
    expect(types).toContain("customer.subscription.paused");
    expect(types).toContain("customer.subscription.resumed");
    expect(types.at(-1)).toBe("invoice.paid");
  });

  it("pause_collection keeps the status and voids renewals", async () => {
    const { sub } = await subscribe();
    const updated = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: "void" } });
    expect(updated.pause_collection).toEqual({ behavior: "void", resumes_at: null });
    emulator.advanceClock(sub.items.data[0].current_period_end - emulator.now() + 60);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe("active");
    expect((await stripe.invoices.retrieve(after.latest_invoice as string)).status).toBe("void");
    const cleared = await stripe.subscriptions.update(sub.id, { pause_collection: "" });
    expect(cleared.pause_collection).toBeNull();
  });
});

describe("state file", () => {
  it("keeps customers and subscriptions across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-"));
    try {
      const stateFile = path.join(dir, "state.json");
      const first = await startStripeEmulator({ catalog: CATALOG, stateFile });
      const client = new Stripe("sk_test_state", { ...first.stripeConfig, maxNetworkRetries: 0 });
      const customer = await client.customers.create({ email: "persist@example.com" });
      const sub = await client.subscriptions.create({ customer: customer.id, items: [{ price: "price_year" }] });
      first.advanceClock(5 * DAY);
      await first.close();

      const second = await startStripeEmulator({ catalog: CATALOG, stateFile });
      const again = new Stripe("sk_test_state", { ...second.stripeConfig, maxNetworkRetries: 0 });
      expect((await again.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
        email: "persist@example.com",
      });
      expect((await again.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe("price_year");
      expect(second.now()).toBeGreaterThanOrEqual(sub.created + 5 * DAY);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
