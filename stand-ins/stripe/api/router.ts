// The /v1 REST surface: authentication, parameter decoding, idempotency and
// dispatch to the resource handlers; every failure leaves as Stripe's error JSON.
import type { EmulatorCore } from "../core/emulator-core";
import { StripeApiError, unknownParam } from "../core/errors";
import { newId } from "../core/ids";
import { catalogRoutes } from "./catalog";
import { sessionRoutes } from "./checkout-sessions";
import { customerRoutes } from "./customers";
import { parseForm } from "./form-encoding";
import { IdempotencyCache } from "./idempotency";
import { invoiceAndEventRoutes } from "./invoices-events";
import { Params } from "./params";
import type { Route } from "./route";
import { subscriptionRoutes } from "./subscriptions";

const ROUTES: Route[] = [
  ...customerRoutes,
  ...catalogRoutes,
  ...sessionRoutes,
  ...subscriptionRoutes,
  ...invoiceAndEventRoutes,
];

export interface ApiRequest {
  method: string;
  /** Path and query, e.g. `/v1/prices?active=true`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class ApiRouter {
  readonly idempotency = new IdempotencyCache();

  constructor(
    private readonly core: EmulatorCore,
    private readonly apiVersion: string,
  ) {}

  handle(request: ApiRequest): ApiResponse {
    const requestId = newId("req");
    const idempotencyKey = header(request, "idempotency-key") ?? null;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": header(request, "stripe-version") ?? this.apiVersion,
    };
    if (request.method === "POST" && idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const fail = (error: StripeApiError): ApiResponse => ({
      status: error.status,
      headers,
      body: JSON.stringify(error.toBody(requestId), null, 2),
    });
    try {
      const apiKey = authenticate(header(request, "authorization"));
      const [pathname, query = ""] = request.url.split("?", 2);
      const method = request.method.toUpperCase();
      const match = findRoute(method, pathname);
      if (!match) {
        throw new StripeApiError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        );
      }
      const encoded = method === "POST" ? request.body : query;
      const endpoint = `${method} ${pathname}`;
      if (method === "POST" && idempotencyKey) {
        const replay = this.idempotency.lookup(apiKey, idempotencyKey, endpoint, canonical(encoded));
        if (replay)
          return { status: replay.status, headers: { ...headers, "idempotent-replayed": "true" }, body: replay.body };
      }
      const params = new Params(parseForm(encoded));
      const unknown = Object.keys(params.raw).find((name) => !match.route.accepts.has(name));
      if (unknown !== undefined) throw unknownParam(unknown);
      const result = match.route.handler({
        core: this.core,
        params,
        path: match.groups,
        request: { id: requestId, idempotencyKey },
      });
      const response = { status: 200, headers, body: JSON.stringify(result, null, 2) };
      if (method === "POST" && idempotencyKey) {
        this.idempotency.remember(apiKey, idempotencyKey, endpoint, canonical(encoded), {
          status: 200,
          body: response.body,
        });
      }
      return response;
    } catch (error) {
      if (error instanceof StripeApiError) return fail(error);
      console.error("[stripe-emulator] internal error", error);
      return fail(new StripeApiError(500, "api_error", `Stripe emulator internal error: ${(error as Error).message}`));
    }
  }
}

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Accepts `Bearer sk_…` and curl's `-u sk_…:` Basic form; returns the key. */
function authenticate(authorization: string | undefined): string {
  if (!authorization) {
    throw new StripeApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const [scheme, credential = ""] = authorization.trim().split(/\s+/, 2);
  const key =
    scheme.toLowerCase() === "basic"
      ? Buffer.from(credential, "base64").toString("utf8").split(":")[0]
      : scheme.toLowerCase() === "bearer"
        ? credential
        : "";
  if (!/^(sk|rk)_[A-Za-z0-9_]+$/.test(key)) {
    const shown =
      key.length > 4 ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    throw new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${shown}`);
  }
  return key;
}

function findRoute(method: string, pathname: string): { route: Route; groups: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match) return { route, groups: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return undefined;
}

/** Parameter order must not matter when comparing a replayed request. */
function canonical(encoded: string): string {
  return encoded.split("&").filter(Boolean).sort().join("&");
}
