// What an API key may do. A route names the one scope a key needs to call it
// (route({ credentials: { apiKey } })); a route that names none refuses keys. Admin,
// billing, account and key management name none, so no key reaches them, even
// an admin's: those need a signed-in browser session.
import { z } from "zod";

export const API_KEY_SCOPES = ["chat", "read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  chat: "send messages (POST /api/v1/chat, /api/chat)",
  read: "read conversations and usage",
};

/** What a new key gets when none are asked for. */
export const DEFAULT_SCOPES: ApiKeyScope[] = ["chat"];

export const scopesSchema = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .transform((s) => [...new Set(s)].sort() as ApiKeyScope[]);

/** Scopes read back from the database, keeping only ones this version knows. */
export function knownScopes(stored: readonly string[]): ApiKeyScope[] {
  return stored.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
}
