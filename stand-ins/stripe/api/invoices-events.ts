// /v1/invoices (read-only: the emulator creates them itself) and /v1/events.
import type { WireEvent } from "../types";
import { noSuch } from "../core/errors";
import { expand, newestFirst, paginate } from "./lists";
import { route, type ApiContext, type Route } from "./route";

function listInvoices({ core, params }: ApiContext): unknown {
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
  const invoices = newestFirst(core.store.data.invoices).filter(
    (invoice) =>
      (!customer || invoice.customer === customer) &&
      (!subscription || invoice.parent?.subscription_details?.subscription === subscription) &&
      (!status || invoice.status === status),
  );
  return expand(core, paginate(invoices, params, "/v1/invoices"), params.expand());
}

function listEvents({ core, params }: ApiContext): unknown {
  const type = params.string("type");
  const types = params.strings("types");
  const created = params.object("created");
  const gte = created?.int("gte");
  const lte = created?.int("lte");
  const matchesType = (eventType: string) => {
    if (types.length > 0) return types.includes(eventType);
    if (!type) return true;
    // Stripe allows one trailing wildcard: `customer.subscription.*`.
    return type.endsWith("*") ? eventType.startsWith(type.slice(0, -1)) : eventType === type;
  };
  const events: WireEvent[] = [];
  const records = core.store.data.events;
  for (let i = records.length - 1; i >= 0; i--) {
    const event = records[i].event;
    if (!matchesType(event.type)) continue;
    if (gte !== undefined && event.created < gte) continue;
    if (lte !== undefined && event.created > lte) continue;
    events.push(event);
  }
  return paginate(events, params, "/v1/events");
}

function retrieveEvent({ core, path: [id] }: ApiContext): unknown {
  const record = core.store.getEvent(id);
  if (!record) throw noSuch("event", id);
  return record.event;
}

export const invoiceAndEventRoutes: Route[] = [
  route("GET", "/v1/invoices", listInvoices),
  route("GET", "/v1/invoices/:id", ({ core, params, path: [id] }) => expand(core, core.invoice(id), params.expand())),
  route("GET", "/v1/invoices/:id/lines", ({ core, params, path: [id] }) => {
    const invoice = core.invoice(id);
    return paginate([...invoice.lines.data], params, `/v1/invoices/${id}/lines`);
  }),
  route("GET", "/v1/events", listEvents),
  route("GET", "/v1/events/:id", retrieveEvent),
];
