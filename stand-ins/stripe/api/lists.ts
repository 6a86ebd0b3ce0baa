// List pagination (`limit`, `starting_after`, `ending_before`) and `expand[]`
// for responses, both following Stripe's rules.
import type { EmulatorCore } from "../core/emulator-core";
import { invalidRequest, type StripeApiError } from "../core/errors";
import type { Params } from "./params";

export interface ListBody<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** `items` must already be newest first, which is how Stripe orders lists. */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): ListBody<T> {
  const limit = params.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest("Invalid limit: must be between 1 and 100.", "limit");
  const after = params.string("starting_after");
  const before = params.string("ending_before");
  if (after && before) {
    throw invalidRequest(
      "You may only specify one of these parameters: ending_before, starting_after.",
      "ending_before",
    );
  }
  if (before) {
    const end = indexOf(items, before, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = after ? indexOf(items, after, "starting_after") + 1 : 0;
  return { object: "list", data: items.slice(start, start + limit), has_more: start + limit < items.length, url };
}

function indexOf(items: { id: string }[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw invalidRequest(`No such object: '${id}'`, param, "resource_missing");
  return index;
}

/** Newest first: insertion order reversed (ids are inserted as they are created). */
export function newestFirst<T>(record: Record<string, T>): T[] {
  return Object.values(record).reverse();
}

/**
 * Returns a copy of `body` with each `expand[]` path (`customer`,
 * `items.data.price.product`, `data.subscription` on lists) replaced by the
 * object it names. Stored objects are never mutated. As in Stripe, a path
 * through a field that is not there, or ending at one that holds no object id
 * (`metadata`, `email`, a list's `data`), is refused.
 */
export function expand<T>(core: EmulatorCore, body: T, paths: string[]): T {
  if (paths.length === 0) return body;
  const copy = structuredClone(body) as unknown;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4)
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
    expandPath(core, copy, segments, copy);
  }
  return copy as T;
}

function expandPath(core: EmulatorCore, node: unknown, segments: string[], root: unknown): void {
  if (Array.isArray(node)) {
    for (const element of node) expandPath(core, element, segments, root);
    return;
  }
  if (!node || typeof node !== "object" || segments.length === 0) return;
  const holder = node as Record<string, unknown>;
  const [key, ...rest] = segments;
  const refuse = () => notExpandable(key, holder === root && holder.object === "list");
  if (!(key in holder)) throw refuse();
  if (typeof holder[key] === "string") {
    const found = lookup(core, holder[key] as string);
    if (found === undefined) throw refuse();
    holder[key] = found;
  } else if (rest.length === 0 && !isObjectOrNull(holder[key])) {
    throw refuse();
  }
  if (rest.length > 0) expandPath(core, holder[key], rest, root);
}

/** An id already expanded (or inlined, like an item's `price`), or an unset one. */
function isObjectOrNull(value: unknown): boolean {
  if (value === null) return true;
  return typeof value === "object" && !Array.isArray(value) && "id" in value;
}

/** Stripe's words; on a list it points at the same field of the list's items. */
function notExpandable(key: string, onList: boolean): StripeApiError {
  const hint = onList && key !== "data" ? ` You may want to try expanding 'data.${key}' instead.` : "";
  return invalidRequest(`This property cannot be expanded (${key}).${hint}`);
}

function lookup(core: EmulatorCore, id: string): object | undefined {
  const data = core.store.data;
  if (data.deletedCustomerIds.includes(id)) return { id, object: "customer", deleted: true };
  const found =
    data.customers[id] ??
    data.subscriptions[id] ??
    data.invoices[id] ??
    data.prices[id] ??
    data.products[id] ??
    data.checkoutSessions[id];
  return found ? structuredClone(found) : undefined;
}
