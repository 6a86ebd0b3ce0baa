// Who may call a route: the access level it declares, and the scope an API key
// needs for it. Checked by the route wrapper, before any handler runs.
import type { ApiKeyScope } from "@/lib/auth/api-key-scopes";
import type { Identity } from "@/lib/auth/identity";
import { AppError, type Surface } from "./app-error";

export type Access = "public" | "identified" | "user" | "admin";

/** `withKey`: the request presented an API key (one that resolved to nobody is refused as such). */
export function checkAccess(
  opts: { access: Access; surface: Surface; apiKeyScope?: ApiKeyScope },
  identity: Identity | null,
  withKey = false,
) {
  const { access, surface } = opts;
  if (identity?.via === "api_key" && !(opts.apiKeyScope && identity.scopes?.includes(opts.apiKeyScope))) {
    throw new AppError(
      `forbidden:${surface}`,
      opts.apiKeyScope
        ? `This API key lacks the "${opts.apiKeyScope}" scope.`
        : "API keys cannot be used here; use a signed-in browser.",
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
}
