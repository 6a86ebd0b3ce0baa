// Hosted Checkout and portal flows: create a session with the SDK, pay on the
// emulator's page with plain fetch, and check objects and signed webhooks.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";
import { payCheckout, startWebhookReceiver, type WebhookReceiver } from "@/stand-ins/stripe/testing";

const SECRET = "whsec_checkout_test";
const CATALOG = [
  {
    productId: "prod_basic",
    productName: "Basic",
    prices: [{ id: "price_basic", unitAmount: 900, currency: "usd", interval: "month" as const }],
  },
  {
    productId: "prod_pro",
    productName: "Pro",
    prices: [{ id: "price_pro", unitAmount: 2900, currency: "usd", interval: "month" as const }],
  },
];

let emulator: StripeEmulator;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({ catalog: CATALOG, webhookUrl: receiver.url, webhookSecret: SECRET });
  stripe = new Stripe("sk_test_checkout", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
beforeEach(async () => {
  await emulator.waitForDeliveries();
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function openSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: "price_basic", quantity: 1 }],
    customer_email: "buyer@example.com",
    client_reference_id: "user_42",
    metadata: { userId: "user_42" },
    subscription_data: { metadata: { userId: "user_42" } },
    success_url: "http://app.local/billing/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.local/billing",
    ...extra,
  });
}

describe("checkout", () => {
  it("creates an open session whose url is the emulator's hosted page", async () => {
    const session = await openSession();
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
    });
    expect(session.url).toBe(`${emulator.url}/checkout/${session.id}`);
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain("Stripe emulator — test mode, no real money");
    expect(html).toContain("Basic");
    expect(html).toContain("$9.00 / month");
    expect(html).toContain("Pay and subscribe");
    expect(html).toContain('href="http://app.local/billing" id="cancel-link"');
  });

  it("expires a session: no url any more, as Stripe answers", async () => {
    const session = await openSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    expect(expired.url).toBeNull();
    expect((await stripe.checkout.sessions.retrieve(session.id)).url).toBeNull();
  });

  it("pays: subscription exists, session complete, redirect with the session id, signed events", async () => {
    const session = await openSession();
    const paid = await payCheckout(session.url!);
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`http://app.local/billing/success?session_id=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "line_items"] });
    expect(done.status).toBe("complete");
    // Stripe's types: the url "is only present when the session is active".
    expect(session.url).toMatch(/^http/);
    expect(done.url).toBeNull();
    expect(done.payment_status).toBe("paid");
    expect(done.customer).toMatch(/^cus_/);
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.id).toMatch(/^sub_/);
    expect(sub.status).toBe("active");
    expect(sub.metadata).toEqual({ userId: "user_42" });
    expect(done.line_items?.data[0].price?.id).toBe("price_basic");

    const [item] = sub.items.data;
    expect(item.id).toMatch(/^si_/);
    expect(item.price.id).toBe("price_basic");
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86_400);
    const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
    expect(customer.email).toBe("buyer@example.com");
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data[0]).toMatchObject({ status: "paid", amount_paid: 900, billing_reason: "subscription_create" });
    expect(invoices.data[0].parent?.subscription_details?.subscription).toBe(sub.id);

    await receiver.waitFor((hooks) => hooks.some((h) => h.type === "checkout.session.completed"));
    const types = receiver.received.map((h) => h.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "customer.created",
        "customer.subscription.created",
        "invoice.paid",
        "customer.subscription.updated",
        "checkout.session.completed",
      ]),
    );
    for (const hook of receiver.received) {
      const event = stripe.webhooks.constructEvent(hook.body, hook.signature, SECRET);
      expect(event.api_version).toBe(Stripe.API_VERSION);
      expect(event.livemode).toBe(false);
    }
    const completed = receiver.received.find((h) => h.type === "checkout.session.completed")!;
    const event = stripe.webhooks.constructEvent(
      completed.body,
      completed.signature,
      SECRET,
    ) as Stripe.CheckoutSessionCompletedEvent;
    expect(event.data.object).toMatchObject({ id: session.id, client_reference_id: "user_42", subscription: sub.id });
    expect(() => stripe.webhooks.constructEvent(completed.body, completed.signature, "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("shows a decline for 4000 0000 0000 0002 and leaves the session open", async () => {
    const session = await openSession();
    const declined = await payCheckout(session.url!, { card_number: "4000 0000 0000 0002" });
    expect(declined.status).toBe(402);
    expect(declined.html).toContain('id="card-error"');
    expect(declined.html).toContain("Your card was declined.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect(
      (await stripe.subscriptions.list({ status: "all" })).data.every((s) => s.customer !== session.customer),
    ).toBe(true);
  });

  it("starts a trial with subscription_data[trial_period_days] for an existing customer", async () => {
    const customer = await stripe.customers.create({ email: "trial@example.com" });
    const session = await openSession({
      customer: customer.id,
      customer_email: undefined,
      subscription_data: { trial_period_days: 14 },
    });
    expect(session.amount_total).toBe(0);
    expect((await payCheckout(session.url!)).status).toBe(303);
    const [sub] = (await stripe.subscriptions.list({ customer: customer.id })).data;
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86_400);
    expect(sub.items.data[0].current_period_end).toBe(sub.trial_end);
  });
});

describe("billing portal", () => {
  it("cancels at period end, renews, and switches plan through the hosted page", async () => {
    const session = await openSession({ customer_email: "portal@example.com" });
    await payCheckout(session.url!);
    const { customer, subscription } = await stripe.checkout.sessions.retrieve(session.id);
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer as string,
      return_url: "http://app.local/account",
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${emulator.url}/portal/${portal.id}`);

    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Cancel plan");
    expect(page).toContain("Switch to Pro");
    expect(page).toContain('href="http://app.local/account" id="return-link"');

    const post = (verb: string, body: Record<string, string> = {}) =>
      fetch(`${emulator.url}/portal/${portal.id}/subscriptions/${subscription}/${verb}`, {
        method: "POST",
        body: new URLSearchParams(body),
        redirect: "manual",
      });
    expect((await post("cancel-at-period-end")).status).toBe(303);
    let sub = await stripe.subscriptions.retrieve(subscription as string);
    expect(sub.cancel_at_period_end).toBe(true);
    expect(sub.cancel_at).toBe(sub.items.data[0].current_period_end);
    expect(await (await fetch(portal.url)).text()).toContain("Renew plan");

    await post("renew");
    sub = await stripe.subscriptions.retrieve(subscription as string);
    expect(sub.cancel_at_period_end).toBe(false);
    expect(sub.cancel_at).toBeNull();

    await post("switch", { price: "price_pro" });
    sub = await stripe.subscriptions.retrieve(subscription as string);
    expect(sub.items.data).toHaveLength(1);
    expect(sub.items.data[0].price.id).toBe("price_pro");

    await receiver.waitFor((hooks) => hooks.filter((h) => h.type === "customer.subscription.updated").length >= 4);
    const switched = receiver.received
      .map((h) => JSON.parse(h.body) as Stripe.CustomerSubscriptionUpdatedEvent)
      .find((e) => e.type === "customer.subscription.updated" && e.data.object.items.data[0].price.id === "price_pro");
    expect(switched?.data.previous_attributes?.items?.data[0].price.id).toBe("price_basic");
  });
});
