// Who may call a route: the access level it declares and the credentials it
// takes (a browser's session or guest cookie, an API key with a scope). Checked
// by the route wrapper, before any handler runs.
import type { ApiKeyScope } from "@/lib/auth/api-key-scopes";
import type { Identity } from "@/lib/auth/identity";
import { AppError, type Surface } from "./app-error";

export type Access = "public" | "identified" | "user" | "admin";

/** The credentials a route takes. By default a browser's (session or guest cookie), never an API key. */
export interface Credentials {
  /** A signed-in browser session (default true). */
  session?: boolean;
  /** A guest cookie (default true; `access: "user"` and "admin" refuse guests whatever this says). */
  guest?: boolean;
  /** An API key with this scope (lib/auth/api-key-scopes.ts); keys reach only routes that name theirs. */
  apiKey?: ApiKeyScope;
}

/** `withKey`: the request presented an API key (one that resolved to nobody is refused as such). */
export function checkAccess(
  opts: { access: Access; surface: Surface; credentials?: Credentials },
  identity: Identity | null,
  withKey = false,
) {
  const { access, surface } = opts;
  const scope = opts.credentials?.apiKey;
  if (identity?.via === "api_key" && !(scope && identity.scopes?.includes(scope))) {
    throw new AppError(
      `forbidden:${surface}`,
      scope ? `This API key lacks the "${scope}" scope.` : "API keys cannot be used here; use a signed-in browser.",
    );
  }
  if (access === "public") return;
  // A key that resolved to nobody is wrong or revoked: signing in would not help a script.
  if (!identity && withKey)
    throw new AppError(
      `unauthorized:${surface}`,
      "This API key is not valid: it was revoked or mistyped. Create a new one on your account page.",
    );
  if (!identity) throw new AppError(`unauthorized:${surface}`, "Sign in to continue.");
  if (access === "user" && identity.isGuest) {
    throw new AppError(`unauthorized:${surface}`, "Create a free account to use this.");
  }
  if (access === "admin" && identity.role !== "admin") {
    throw new AppError(`forbidden:${surface}`, "This needs an administrator account.");
  }
  const { session = true, guest = true } = opts.credentials ?? {};
  if ((identity.via === "session" && !session) || (identity.via === "guest" && !guest))
    throw new AppError(
      `unauthorized:${surface}`,
      scope ? "Send your API key as Authorization: Bearer <key>." : "Sign in to continue.",
    );
}
