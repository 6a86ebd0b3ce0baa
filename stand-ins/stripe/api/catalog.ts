// /v1/products and /v1/prices: what the app reads to show plans, and what
// scripts use to create extra prices. Products default to ids like `prod_…`.
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import { priceShape, productShape } from "../core/shapes-catalog";
import type { WirePrice, WireProduct } from "../types";
import { expand, newestFirst, paginate } from "./lists";
import { route, type ApiContext, type Route } from "./route";

function createProduct({ core, params }: ApiContext): WireProduct {
  const id = params.string("id") || newId("prod");
  if (core.store.data.products[id]) throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
  const product = productShape({
    id,
    name: params.requiredString("name"),
    created: core.now(),
    description: params.nullableString("description") ?? null,
    metadata: params.metadata("metadata") ?? {},
    active: params.bool("active") ?? true,
    defaultPrice: null,
  });
  core.store.data.products[id] = product;
  core.store.markDirty();
  return product;
}

function updateProduct({ core, params, path: [id] }: ApiContext): WireProduct {
  const product = core.product(id);
  product.name = params.string("name") || product.name;
  product.active = params.bool("active") ?? product.active;
  const description = params.nullableString("description");
  if (description !== undefined) product.description = description;
  const defaultPrice = params.string("default_price");
  if (defaultPrice) product.default_price = core.price(defaultPrice, "default_price").id;
  product.metadata = params.metadata("metadata", product.metadata) ?? product.metadata;
  product.updated = core.now();
  core.store.markDirty();
  return product;
}

function listProducts({ core, params }: ApiContext): unknown {
  const active = params.bool("active");
  const ids = params.strings("ids");
  const products = newestFirst(core.store.data.products).filter(
    (p) => (active === undefined || p.active === active) && (ids.length === 0 || ids.includes(p.id)),
  );
  return expand(core, paginate(products, params, "/v1/products"), params.expand());
}

function createPrice({ core, params }: ApiContext): WirePrice {
  let productId = params.string("product");
  const productData = params.object("product_data");
  if (productId && productData)
    throw invalidRequest("You may only specify one of these parameters: product, product_data.", "product");
  if (productData) {
    productId = newId("prod");
    core.store.data.products[productId] = productShape({
      id: productId,
      name: productData.requiredString("name"),
      created: core.now(),
      description: null,
      metadata: productData.metadata("metadata") ?? {},
      active: true,
      defaultPrice: null,
    });
  }
  if (!productId) throw invalidRequest("Missing required param: product.", "product", "parameter_missing");
  core.product(productId, "product");
  const unitAmount = params.int("unit_amount") ?? Number(params.string("unit_amount_decimal") ?? NaN);
  if (!Number.isInteger(unitAmount) || unitAmount < 0)
    throw invalidRequest("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
  const recurring = params.object("recurring");
  const lookupKey = params.string("lookup_key") ?? null;
  if (lookupKey) releaseLookupKey(core, lookupKey, params.bool("transfer_lookup_key") ?? false);
  const price = priceShape({
    id: newId("price"),
    product: productId,
    created: core.now(),
    unitAmount,
    currency: params.requiredString("currency").toLowerCase(),
    interval: recurring?.oneOf("interval", ["day", "week", "month", "year"] as const) ?? null,
    intervalCount: recurring?.int("interval_count") ?? 1,
    lookupKey,
    nickname: params.string("nickname") ?? null,
    metadata: params.metadata("metadata") ?? {},
    active: params.bool("active") ?? true,
    trialPeriodDays: recurring?.int("trial_period_days") ?? null,
  });
  core.store.data.prices[price.id] = price;
  core.store.markDirty();
  return expand(core, price, params.expand());
}

/** Lookup keys are unique; Stripe refuses a taken one unless asked to move it. */
function releaseLookupKey(core: ApiContext["core"], key: string, transfer: boolean): void {
  const holder = Object.values(core.store.data.prices).find((p) => p.lookup_key === key);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. Set \`transfer_lookup_key\` to move it.`,
      "lookup_key",
    );
  }
  holder.lookup_key = null;
}

function updatePrice({ core, params, path: [id] }: ApiContext): WirePrice {
  const price = core.price(id);
  price.active = params.bool("active") ?? price.active;
  const nickname = params.nullableString("nickname");
  if (nickname !== undefined) price.nickname = nickname;
  const lookupKey = params.nullableString("lookup_key");
  if (lookupKey) releaseLookupKey(core, lookupKey, params.bool("transfer_lookup_key") ?? false);
  if (lookupKey !== undefined) price.lookup_key = lookupKey;
  price.metadata = params.metadata("metadata", price.metadata) ?? price.metadata;
  core.store.markDirty();
  return expand(core, price, params.expand());
}

function listPrices({ core, params }: ApiContext): unknown {
  const active = params.bool("active");
  const product = params.string("product");
  const currency = params.string("currency")?.toLowerCase();
  const type = params.oneOf("type", ["one_time", "recurring"] as const);
  const lookupKeys = params.strings("lookup_keys");
  const interval = params.object("recurring")?.string("interval");
  const prices = newestFirst(core.store.data.prices).filter(
    (p) =>
      (active === undefined || p.active === active) &&
      (product === undefined || p.product === product) &&
      (currency === undefined || p.currency === currency) &&
      (type === undefined || p.type === type) &&
      (lookupKeys.length === 0 || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
      (interval === undefined || p.recurring?.interval === interval),
  );
  return expand(core, paginate(prices, params, "/v1/prices"), params.expand());
}

export const catalogRoutes: Route[] = [
  route("POST", "/v1/products", createProduct),
  route("GET", "/v1/products", listProducts),
  route("GET", "/v1/products/:id", ({ core, params, path: [id] }) => expand(core, core.product(id), params.expand())),
  route("POST", "/v1/products/:id", updateProduct),
  route("POST", "/v1/prices", createPrice),
  route("GET", "/v1/prices", listPrices),
  route("GET", "/v1/prices/:id", ({ core, params, path: [id] }) => expand(core, core.price(id), params.expand())),
  route("POST", "/v1/prices/:id", updatePrice),
];
