// /v1/checkout/sessions (subscription mode) and /v1/billing_portal/sessions.
// Both return a `url` on the emulator's own hosted pages.
import { invalidRequest, noSuch } from "../core/errors";
import { newId } from "../core/ids";
import { checkoutLineItemShape, checkoutSessionShape, portalSessionShape } from "../core/shapes-sessions";
import type { WireCheckoutSession } from "../types";
import { expand, newestFirst, paginate } from "./lists";
import { route, type ApiContext, type Route } from "./route";

function create({ core, params }: ApiContext): unknown {
  const lineParams = params.objects("line_items");
  const prices = lineParams.map((line) => core.price(line.requiredString("price"), line.name("price")));
  const mode =
    params.oneOf("mode", ["payment", "setup", "subscription"] as const) ??
    (prices.some((p) => p.recurring) ? "subscription" : undefined);
  if (mode !== "subscription") {
    throw invalidRequest("The Stripe emulator supports Checkout only in `subscription` mode.", "mode");
  }
  if (lineParams.length === 0)
    throw invalidRequest("Missing required param: line_items.", "line_items", "parameter_missing");
  if (!prices.some((p) => p.recurring)) {
    throw invalidRequest(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      "line_items",
    );
  }
  const customer = params.string("customer") || null;
  const customerEmail = params.string("customer_email") || null;
  if (customer && customerEmail) {
    throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", "customer_email");
  }
  if (customer) core.customer(customer, "customer");
  const subscriptionData = params.object("subscription_data");
  const trialPeriodDays = subscriptionData?.int("trial_period_days") ?? null;
  const trialEnd = subscriptionData?.int("trial_end") ?? null;
  if (trialPeriodDays !== null && trialPeriodDays < 1) {
    throw invalidRequest("The trial period must be at least 1 day.", "subscription_data[trial_period_days]");
  }
  if (trialEnd !== null && trialEnd < core.now() + 2 * 86_400) {
    throw invalidRequest(
      "`subscription_data[trial_end]` must be at least 48 hours in the future.",
      "subscription_data[trial_end]",
    );
  }
  const trial = trialPeriodDays !== null || trialEnd !== null;
  const lineItems = lineParams.map((line, index) =>
    checkoutLineItemShape(
      newId("li"),
      prices[index],
      line.int("quantity") ?? 1,
      core.productName(prices[index]),
      trial,
    ),
  );
  const id = newId("cs_test");
  const session = checkoutSessionShape({
    id,
    created: core.now(),
    customer,
    customerEmail,
    clientReferenceId: params.string("client_reference_id") || null,
    metadata: params.metadata("metadata") ?? {},
    successUrl: params.string("success_url") || null,
    cancelUrl: params.string("cancel_url") || null,
    url: `${core.config.publicUrl}/checkout/${id}`,
    lineItems,
    currency: prices[0].currency,
    trial,
  });
  const expiresAt = params.int("expires_at");
  if (expiresAt !== undefined) session.expires_at = expiresAt;
  core.store.data.checkoutSessions[id] = session;
  core.store.data.checkoutState[id] = {
    lineItems,
    trialPeriodDays,
    trialEnd,
    subscriptionMetadata: subscriptionData?.metadata("metadata") ?? {},
    subscriptionDescription: subscriptionData?.string("description") ?? null,
  };
  core.store.markDirty();
  return render({ core, params }, session);
}

/** `line_items` is not an id but an includable list, so it is expanded here. */
function render({ core, params }: Pick<ApiContext, "core" | "params">, session: WireCheckoutSession): unknown {
  const paths = params.expand();
  const body: Record<string, unknown> = { ...session };
  if (paths.includes("line_items")) body.line_items = lineItemList(core, session.id);
  return expand(
    core,
    body,
    paths.filter((path) => path !== "line_items"),
  );
}

function lineItemList(core: ApiContext["core"], id: string) {
  const items = core.store.data.checkoutState[id]?.lineItems ?? [];
  return { object: "list", data: items, has_more: false, url: `/v1/checkout/sessions/${id}/line_items` };
}

function session(core: ApiContext["core"], id: string): WireCheckoutSession {
  const found = core.store.data.checkoutSessions[id];
  if (!found) throw noSuch("checkout.session", id);
  return found;
}

function list({ core, params }: ApiContext): unknown {
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.string("status");
  const sessions = newestFirst(core.store.data.checkoutSessions).filter(
    (s) =>
      (!customer || s.customer === customer) &&
      (!subscription || s.subscription === subscription) &&
      (!status || s.status === status),
  );
  return expand(core, paginate(sessions, params, "/v1/checkout/sessions"), params.expand());
}

function expire({ core, params, path: [id], request }: ApiContext): unknown {
  const found = session(core, id);
  if (found.status !== "open") throw invalidRequest(`Only Checkout Sessions with a status of 'open' can be expired.`);
  found.status = "expired";
  found.url = null;
  core.store.markDirty();
  core.events.emit("checkout.session.expired", found, { request });
  return render({ core, params }, found);
}

function createPortal({ core, params }: ApiContext): unknown {
  const customer = core.customer(params.requiredString("customer"), "customer");
  const id = newId("bps");
  const portal = portalSessionShape({
    id,
    created: core.now(),
    customer: customer.id,
    returnUrl: params.string("return_url") || null,
    url: `${core.config.publicUrl}/portal/${id}`,
  });
  core.store.data.portalSessions[id] = portal;
  core.store.markDirty();
  return portal;
}

export const sessionRoutes: Route[] = [
  route("POST", "/v1/checkout/sessions", create),
  route("GET", "/v1/checkout/sessions", list),
  route("GET", "/v1/checkout/sessions/:id", ({ core, params, path: [id] }) =>
    render({ core, params }, session(core, id)),
  ),
  route("GET", "/v1/checkout/sessions/:id/line_items", ({ core, params, path: [id] }) => {
    session(core, id);
    return paginate(
      core.store.data.checkoutState[id]?.lineItems ?? [],
      params,
      `/v1/checkout/sessions/${id}/line_items`,
    );
  }),
  route("POST", "/v1/checkout/sessions/:id/expire", expire),
  route("POST", "/v1/billing_portal/sessions", createPortal),
];
