// Parameters Stripe does not take and expand[] paths it cannot expand are
// refused the way Stripe refuses them (400 invalid_request_error), and nothing
// is stored. The emulator's list of accepted names is checked against the
// installed SDK's *Params types, which follow the pinned API version.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCEPTED_PARAMS } from "@/stand-ins/stripe/api/accepted-params";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";
import { sdkParamNames } from "./stripe-sdk-params";

const CATALOG = [
  {
    productId: "prod_pro",
    productName: "Pro",
    prices: [{ id: "price_pro_monthly", unitAmount: 2000, currency: "usd", interval: "month" as const }],
  },
];

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ catalog: CATALOG });
  stripe = new Stripe("sk_test_emulator", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(() => emulator.close());

async function refusal(call: Promise<unknown>): Promise<Stripe.errors.StripeInvalidRequestError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  return error as Stripe.errors.StripeInvalidRequestError;
}

describe("unknown parameters", () => {
  it("refuses one with Stripe's parameter_unknown error and stores nothing", async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const params = { email: "new@example.com", favourite_colour: "teal" } as Stripe.CustomerCreateParams;
    const error = await refusal(stripe.customers.create(params));
    expect(error.statusCode).toBe(400);
    expect(error.type).toBe("StripeInvalidRequestError");
    expect(error.raw).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "favourite_colour",
      message: "Received unknown parameter: favourite_colour",
      doc_url: "https://stripe.com/docs/error-codes/parameter-unknown",
    });
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it("refuses one in a query string and names it in param", async () => {
    const res = await fetch(`${emulator.url}/v1/prices?active=true&colour=red`, {
      headers: { authorization: "Bearer sk_test_emulator" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, string> };
    expect(body.error).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "colour",
      message: "Received unknown parameter: colour",
    });
  });

  it("still accepts a parameter Stripe takes that the emulator does not model", async () => {
    const customer = await stripe.customers.create({ email: "locale@example.com", preferred_locales: ["fr"] });
    expect(customer.email).toBe("locale@example.com");
  });

  it("lists, for every endpoint served, exactly the SDK's parameter names", () => {
    const fromSdk = sdkParamNames();
    expect(Object.keys(fromSdk).sort()).toEqual(Object.keys(ACCEPTED_PARAMS).sort());
    for (const [endpoint, names] of Object.entries(fromSdk)) {
      expect(ACCEPTED_PARAMS[endpoint].split(" ").filter(Boolean), endpoint).toEqual(names);
    }
  }, 30_000);
});

describe("expand[]", () => {
  it("refuses a property that holds no object, like Stripe", async () => {
    const customer = await stripe.customers.create({ email: "expand@example.com", metadata: { plan: "pro" } });
    for (const path of ["metadata", "email", "no_such_field"]) {
      const error = await refusal(stripe.customers.retrieve(customer.id, { expand: [path] }));
      expect(error.statusCode).toBe(400);
      expect(error.raw).toMatchObject({
        type: "invalid_request_error",
        message: `This property cannot be expanded (${path}).`,
      });
    }
  });

  it("on a list, points at the same field of its items, and expands that", async () => {
    const error = await refusal(stripe.prices.list({ expand: ["product"] }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      "This property cannot be expanded (product). You may want to try expanding 'data.product' instead.",
    );
    const data = await refusal(stripe.prices.list({ expand: ["data"] }));
    expect(data.message).toBe("This property cannot be expanded (data).");
    const listed = await stripe.prices.list({ expand: ["data.product"] });
    expect((listed.data[0].product as Stripe.Product).name).toBe("Pro");
  });

  it("expands an unset id to null and a nested path through an inlined object", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "nested@example.com",
      line_items: [{ price: "price_pro_monthly", quantity: 1 }],
      success_url: "http://localhost/ok",
    });
    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ["customer", "subscription"] });
    expect(expanded.customer).toBeNull();
    expect(expanded.subscription).toBeNull();
    const customer = await stripe.customers.create({ email: "nested@example.com" });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: "price_pro_monthly" }],
      expand: ["items.data.price.product", "customer"],
    });
    expect((subscription.items.data[0].price.product as Stripe.Product).name).toBe("Pro");
    expect((subscription.customer as Stripe.Customer).email).toBe("nested@example.com");
  });
});
