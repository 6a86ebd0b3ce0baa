// Stripe's idempotency keys: a POST repeated with the same key gets the first
// response back (with `Idempotent-Replayed: true`); reusing a key for other
// parameters is an error. Keys are scoped to the API key that sent them.
import { StripeApiError } from "../core/errors";

export interface StoredResponse {
  status: number;
  body: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  response: StoredResponse;
}

/**
 * The SDK sends a fresh key with every POST, so the cache must be bounded;
 * Stripe keeps keys for 24 hours, we keep the most recent ones.
 */
const MAX_KEYS = 50_000;

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  /** Returns the stored response to replay, or undefined when the request should run. */
  lookup(scope: string, key: string, endpoint: string, fingerprint: string): StoredResponse | undefined {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (!entry) return undefined;
    if (entry.endpoint !== endpoint) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.fingerprint !== fingerprint) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry.response;
  }

  remember(scope: string, key: string, endpoint: string, fingerprint: string, response: StoredResponse): void {
    this.entries.set(`${scope}\u0000${key}`, { endpoint, fingerprint, response });
    if (this.entries.size > MAX_KEYS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
