// The contract between the HTTP router and the per-resource handler files.
import type { EmulatorCore } from "../core/emulator-core";
import type { RequestRef } from "../types";
import { ACCEPTED_PARAMS } from "./accepted-params";
import type { Params } from "./params";

export interface ApiContext {
  core: EmulatorCore;
  params: Params;
  /** Captured groups of the route pattern, e.g. the id in /v1/customers/:id. */
  path: string[];
  request: RequestRef;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  handler: (context: ApiContext) => unknown;
  /** Top-level parameter names Stripe accepts here; any other is refused. */
  accepts: ReadonlySet<string>;
}

/** `/v1/customers/:id` → a regex matching exactly that shape. */
export function route(method: Route["method"], template: string, handler: Route["handler"]): Route {
  const source = template
    .split("/")
    .map((part) => (part.startsWith(":") ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  const accepted = ACCEPTED_PARAMS[`${method} ${template}`];
  if (accepted === undefined) throw new Error(`No accepted parameters listed for ${method} ${template}`);
  return { method, pattern: new RegExp(`^${source}$`), handler, accepts: new Set(accepted.split(" ").filter(Boolean)) };
}
