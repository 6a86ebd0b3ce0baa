// /v1/customers: create, retrieve, update, delete, list (with `email`) and search.
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import { endSubscription } from "../core/renewals";
import { customerShape } from "../core/shapes-catalog";
import { previousAttributes } from "../core/event-log";
import type { WireCustomer } from "../types";
import { expand, newestFirst, paginate } from "./lists";
import { route, type ApiContext, type Route } from "./route";

function create({ core, params, request }: ApiContext): WireCustomer {
  const customer = customerShape({
    id: newId("cus"),
    created: core.now(),
    email: params.nullableString("email") ?? null,
    name: params.nullableString("name") ?? null,
    description: params.nullableString("description") ?? null,
    phone: params.nullableString("phone") ?? null,
    metadata: params.metadata("metadata") ?? {},
  });
  core.insertCustomer(customer);
  core.events.emit("customer.created", customer, { request });
  return expand(core, customer, params.expand());
}

function retrieve({ core, params, path: [id] }: ApiContext): unknown {
  if (core.store.data.deletedCustomerIds.includes(id)) return { id, object: "customer", deleted: true };
  return expand(core, core.customer(id), params.expand());
}

function update({ core, params, path: [id], request }: ApiContext): WireCustomer {
  const customer = core.customer(id);
  const before = structuredClone(customer);
  for (const field of ["email", "name", "description", "phone"] as const) {
    const value = params.nullableString(field);
    if (value !== undefined) customer[field] = value;
  }
  customer.metadata = params.metadata("metadata", customer.metadata) ?? customer.metadata;
  const previous = previousAttributes(before, customer);
  if (Object.keys(previous).length > 0) {
    core.store.markDirty();
    core.events.emit("customer.updated", customer, { previous, request });
  }
  return expand(core, customer, params.expand());
}

/** Deleting a customer cancels their subscriptions immediately, as Stripe does. */
function remove({ core, path: [id], request }: ApiContext): unknown {
  const customer = core.customer(id);
  for (const sub of Object.values(core.store.data.subscriptions)) {
    if (sub.customer === id && sub.status !== "canceled" && sub.status !== "incomplete_expired") {
      endSubscription(core, sub, core.now(), "cancellation_requested", request);
    }
  }
  delete core.store.data.customers[id];
  core.store.data.deletedCustomerIds.push(id);
  core.store.markDirty();
  core.events.emit("customer.deleted", customer, { request });
  return { id, object: "customer", deleted: true };
}

function list({ core, params }: ApiContext): unknown {
  const email = params.string("email");
  const customers = newestFirst(core.store.data.customers).filter((c) => email === undefined || c.email === email);
  return expand(core, paginate(customers, params, "/v1/customers"), params.expand());
}

/** Supports the common subset of Stripe's search language: `field:'value'` joined by AND. */
function search({ core, params }: ApiContext): unknown {
  const query = params.requiredString("query");
  const clauses = query.split(/\s+AND\s+/i).map((clause) => {
    const match = /^(email|name|phone|metadata\[['"]([^'"]+)['"]\]):['"](.*)['"]$/.exec(clause.trim());
    if (!match)
      throw invalidRequest(
        `The emulator only supports email, name, phone and metadata['key'] exact matches in search: ${clause}`,
        "query",
      );
    return { field: match[1], metadataKey: match[2], value: match[3] };
  });
  const matches = newestFirst(core.store.data.customers).filter((customer) =>
    clauses.every(({ field, metadataKey, value }) =>
      metadataKey ? customer.metadata[metadataKey] === value : customer[field as "email" | "name" | "phone"] === value,
    ),
  );
  const limit = params.int("limit") ?? 10;
  return {
    object: "search_result",
    data: matches.slice(0, limit),
    has_more: matches.length > limit,
    next_page: null,
    url: "/v1/customers/search",
  };
}

export const customerRoutes: Route[] = [
  route("POST", "/v1/customers", create),
  route("GET", "/v1/customers", list),
  route("GET", "/v1/customers/search", search),
  route("GET", "/v1/customers/:id", retrieve),
  route("POST", "/v1/customers/:id", update),
  route("DELETE", "/v1/customers/:id", remove),
];
