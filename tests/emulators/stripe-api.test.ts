// The emulator's REST surface, driven through the real `stripe` SDK.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForm } from "@/stand-ins/stripe/api/form-encoding";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";

const CATALOG = [
  {
    productId: "prod_pro",
    productName: "Pro",
    prices: [
      {
        id: "price_pro_monthly",
        unitAmount: 2000,
        currency: "usd",
        interval: "month" as const,
        lookupKey: "pro_monthly",
      },
      {
        id: "price_pro_yearly",
        unitAmount: 20000,
        currency: "usd",
        interval: "year" as const,
        lookupKey: "pro_yearly",
      },
    ],
  },
];

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ catalog: CATALOG });
  stripe = new Stripe("sk_test_emulator", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(() => emulator.close());

describe("customers", () => {
  it("creates, retrieves, updates, lists by email and deletes", async () => {
    const email = `crud-${Date.now()}@example.com`;
    const created = await stripe.customers.create({ email, name: "Ada", metadata: { userId: "u1" } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(created).toMatchObject({
      object: "customer",
      email,
      name: "Ada",
      livemode: false,
      metadata: { userId: "u1" },
    });
    expect(created.created).toBeCloseTo(Date.now() / 1000, -1);

    const updated = await stripe.customers.update(created.id, {
      name: "Ada L.",
      metadata: { userId: "", plan: "pro" },
    });
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ plan: "pro" });

    await stripe.customers.create({ email: "someone-else@example.com" });
    const listed = await stripe.customers.list({ email });
    expect(listed.object).toBe("list");
    expect(listed.url).toBe("/v1/customers");
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: "customer", deleted: true });
    const afterDelete = await stripe.customers.retrieve(created.id);
    expect(afterDelete.deleted).toBe(true);
  });

  it("paginates newest first with has_more and starting_after", async () => {
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.customers.create({ email: `${tag}@example.com` })).id);
    const first = await stripe.customers.list({ email: `${tag}@example.com`, limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ email: `${tag}@example.com`, limit: 2, starting_after: ids[1] });
    expect(second.data.map((c) => c.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
  });
});

describe("errors", () => {
  it("surfaces a missing object as StripeInvalidRequestError with Stripe's 404 shape", async () => {
    const error = await stripe.customers.retrieve("cus_doesnotexist").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "id",
      message: "No such customer: 'cus_doesnotexist'",
    });
  });

  it("rejects requests without an API key with 401", async () => {
    const response = await fetch(`${emulator.url}/v1/customers`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
    const badKey = new Stripe("pk_test_not_secret", { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    await expect(badKey.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("reports a bad parameter with its bracketed name", async () => {
    const error = await stripe.checkout.sessions
      .create({ mode: "subscription", line_items: [{ price: "price_missing", quantity: 1 }], success_url: "http://x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: "line_items[0][price]", code: "resource_missing" });
  });

  it("answers unknown URLs with Stripe's unrecognized-URL error", async () => {
    const response = await fetch(`${emulator.url}/v1/nope`, { headers: { authorization: "Bearer sk_test_x" } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /Unrecognized request URL \(GET: \/v1\/nope\)/,
    );
  });
});

describe("idempotency", () => {
  it("replays the first response for a repeated key and refuses the key for other params", async () => {
    const key = `idem-${Date.now()}`;
    const first = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const second = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list({ email: "idem@example.com" })).data).toHaveLength(1);
    await expect(
      stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    const created = emulator.events({ type: "customer.created" }).filter((r) => r.event.data.object.id === first.id);
    expect(created).toHaveLength(1);
    expect(created[0].event.request.idempotency_key).toBe(key);
  });
});

describe("catalog", () => {
  it("serves seeded prices in the pinned version's shape and filters by lookup key", async () => {
    const listed = await stripe.prices.list({ lookup_keys: ["pro_yearly"], active: true, expand: ["data.product"] });
    expect(listed.data).toHaveLength(1);
    const [price] = listed.data;
    expect(price).toMatchObject({
      id: "price_pro_yearly",
      object: "price",
      unit_amount: 20000,
      currency: "usd",
      type: "recurring",
      recurring: { interval: "year", interval_count: 1, usage_type: "licensed" },
    });
    // The SDK turns the wire's decimal string into its Decimal type.
    expect(String(price.unit_amount_decimal)).toBe("20000");
    expect((price.product as Stripe.Product).name).toBe("Pro");
    const byProduct = await stripe.prices.list({ product: "prod_pro" });
    expect(byProduct.data.map((p) => p.id).sort()).toEqual(["price_pro_monthly", "price_pro_yearly"]);
  });

  it("creates products and prices", async () => {
    const product = await stripe.products.create({ name: "Team" });
    expect(product.id).toMatch(/^prod_/);
    const price = await stripe.prices.create({
      product: product.id,
      unit_amount: 5000,
      currency: "usd",
      recurring: { interval: "month" },
    });
    expect(price.id).toMatch(/^price_/);
    expect((await stripe.prices.retrieve(price.id)).unit_amount).toBe(5000);
    expect((await stripe.products.list({ limit: 100 })).data.map((p) => p.id)).toContain(product.id);
  });
});

describe("form decoding", () => {
  it("decodes Stripe's bracket encoding into nested objects and arrays", () => {
    const parsed = parseForm(
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=p%202" +
        "&subscription_data[metadata][0]=zero&expand[]=a&expand[]=b&success_url=http%3A%2F%2Fx%2F%3Fid%3D%7BCHECKOUT_SESSION_ID%7D",
    );
    expect(parsed).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "2" }, { price: "p 2" }],
      subscription_data: { metadata: { "0": "zero" } },
      expand: ["a", "b"],
      success_url: "http://x/?id={CHECKOUT_SESSION_ID}",
    });
  });

  it("rejects a key that is both a value and a hash, and prototype keys", () => {
    expect(() => parseForm("a=1&a[b]=2")).toThrow(/both a value and nested values/);
    expect(() => parseForm("__proto__[polluted]=1")).toThrow(/Invalid parameter name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
