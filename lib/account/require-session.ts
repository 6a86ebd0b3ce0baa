// Account management (keys, export, deletion) needs a browser session: a leaked
// API key must not be able to mint more keys or delete the account.
import type { Identity } from "@/lib/auth/identity";
import { AppError } from "@/lib/http/app-error";

export function requireSessionUser(identity: Identity | null, surface: "account" | "api_key"): Identity {
  if (!identity || identity.isGuest) throw new AppError(`unauthorized:${surface}`, "Sign in to continue.");
  if (identity.via !== "session") {
    throw new AppError(`forbidden:${surface}`, "Manage your account from a signed-in browser, not with an API key.");
  }
  return identity;
}
