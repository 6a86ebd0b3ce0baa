// /v1/subscriptions and /v1/subscription_items.
import { invalidRequest } from "../core/errors";
import { runDueWork } from "../core/lifecycle";
import { updateSubscription, type ItemChange, type SubscriptionChanges } from "../core/subscription-update";
import { cancelNow, createSubscription, pauseSubscription, resumeSubscription } from "../core/subscriptions";
import { DAY } from "../core/clock";
import { expand, newestFirst, paginate } from "./lists";
import type { Params } from "./params";
import { route, type ApiContext, type Route } from "./route";

const STATUSES = [
  "active",
  "all",
  "canceled",
  "ended",
  "incomplete",
  "incomplete_expired",
  "past_due",
  "paused",
  "trialing",
  "unpaid",
] as const;

function list({ core, params }: ApiContext): unknown {
  const customer = params.string("customer");
  const price = params.string("price");
  const status = params.oneOf("status", STATUSES);
  const subs = newestFirst(core.store.data.subscriptions).filter((sub) => {
    if (customer && sub.customer !== customer) return false;
    if (price && !sub.items.data.some((item) => item.price.id === price)) return false;
    if (status === "all") return true;
    if (status === "ended") return sub.status === "canceled" || sub.status === "incomplete_expired";
    // Without a status filter Stripe leaves out canceled subscriptions.
    return status ? sub.status === status : sub.status !== "canceled";
  });
  return expand(core, paginate(subs, params, "/v1/subscriptions"), params.expand());
}

function itemChanges(core: ApiContext["core"], params: Params): ItemChange[] | undefined {
  if (!params.has("items")) return undefined;
  return params.objects("items").map((item) => ({
    id: item.string("id") || undefined,
    price: item.has("price") ? core.price(item.requiredString("price"), item.name("price")) : undefined,
    quantity: item.int("quantity"),
    deleted: item.bool("deleted"),
  }));
}

function create({ core, params, request }: ApiContext): unknown {
  const customer = core.customer(params.requiredString("customer"), "customer");
  const items = (itemChanges(core, params) ?? []).map((item, index) => {
    if (!item.price)
      throw invalidRequest(
        `Missing required param: items[${index}][price].`,
        `items[${index}][price]`,
        "parameter_missing",
      );
    return { price: item.price, quantity: item.quantity ?? 1 };
  });
  if (items.length === 0) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
  const trialDays = params.int("trial_period_days");
  const trialEndParam = params.int("trial_end");
  const trialEnd = trialEndParam ?? (trialDays ? core.now() + trialDays * DAY : null);
  const sub = createSubscription(core, {
    customerId: customer.id,
    items,
    trialEnd,
    metadata: params.metadata("metadata") ?? {},
    description: params.string("description") ?? null,
    request,
    prepaid: false,
  });
  runDueWork(core);
  return expand(core, sub, params.expand());
}

function update({ core, params, path: [id], request }: ApiContext): unknown {
  const sub = core.subscription(id);
  const changes: SubscriptionChanges = {};
  const metadata = params.metadata("metadata", sub.metadata);
  if (metadata) changes.metadata = metadata;
  const description = params.nullableString("description");
  if (description !== undefined) changes.description = description;
  const cancelAtPeriodEnd = params.bool("cancel_at_period_end");
  if (cancelAtPeriodEnd !== undefined) changes.cancelAtPeriodEnd = cancelAtPeriodEnd;
  if (params.has("cancel_at")) changes.cancelAt = params.isEmpty("cancel_at") ? null : params.int("cancel_at")!;
  if (params.has("pause_collection")) {
    const pause = params.object("pause_collection");
    changes.pauseCollection = pause
      ? { behavior: pause.requiredString("behavior"), resumes_at: pause.int("resumes_at") ?? null }
      : null;
  }
  const items = itemChanges(core, params);
  if (items) changes.items = items;
  if (params.has("trial_end"))
    changes.trialEnd = params.string("trial_end") === "now" ? "now" : params.int("trial_end")!;
  const comment = params.object("cancellation_details")?.nullableString("comment");
  if (comment !== undefined) changes.cancellationComment = comment;
  updateSubscription(core, sub, changes, request);
  runDueWork(core);
  return expand(core, sub, params.expand());
}

function cancel({ core, params, path: [id], request }: ApiContext): unknown {
  const sub = core.subscription(id);
  cancelNow(core, sub, request);
  return expand(core, sub, params.expand());
}

function listItems({ core, params }: ApiContext): unknown {
  const sub = core.subscription(params.requiredString("subscription"), "subscription");
  return paginate([...sub.items.data], params, `/v1/subscription_items?subscription=${sub.id}`);
}

export const subscriptionRoutes: Route[] = [
  route("GET", "/v1/subscriptions", list),
  route("POST", "/v1/subscriptions", create),
  route("GET", "/v1/subscriptions/:id", ({ core, params, path: [id] }) =>
    expand(core, core.subscription(id), params.expand()),
  ),
  route("POST", "/v1/subscriptions/:id", update),
  route("DELETE", "/v1/subscriptions/:id", cancel),
  route("POST", "/v1/subscriptions/:id/pause", ({ core, params, path: [id], request }) => {
    const sub = core.subscription(id);
    pauseSubscription(core, sub, request);
    return expand(core, sub, params.expand());
  }),
  route("POST", "/v1/subscriptions/:id/resume", ({ core, params, path: [id], request }) => {
    const sub = core.subscription(id);
    resumeSubscription(core, sub, request);
    return expand(core, sub, params.expand());
  }),
  route("GET", "/v1/subscription_items", listItems),
];
