// Implicit caching as the Gemini API does it: a request whose prompt starts with
// the same content as a recent request to the same model reuses that prefix,
// reported as cachedContentTokenCount (part of promptTokenCount) and billed at
// the cached rate. Prefixes are compared whole message by whole message (the
// system instruction first), and only count from a minimum size (the API's
// implicit caching minimum is 1,024 tokens for Flash models).
import { createHash } from "node:crypto";

export const IMPLICIT_CACHE_MIN_TOKENS = 1_024;
const CAPACITY = 20_000;

export class ImplicitCache {
  private readonly prefixes = new Map<string, number>();

  constructor(private readonly minTokens = IMPLICIT_CACHE_MIN_TOKENS) {}

  clear(): void {
    this.prefixes.clear();
  }

  /**
   * `blocks`: the prompt's pieces in order (system instruction, then each
   * content) with their tokens. Returns the tokens of the longest prefix seen
   * before, then remembers every prefix of this prompt.
   */
  lookupAndStore(model: string, blocks: { key: string; tokens: number }[]): number {
    let hash = createHash("sha256").update(model);
    let total = 0;
    let cached = 0;
    const seen: [string, number][] = [];
    for (const block of blocks) {
      hash = hash.copy().update("\u0000").update(block.key);
      total += block.tokens;
      const digest = hash.copy().digest("hex");
      if (this.prefixes.has(digest) && total >= this.minTokens) cached = total;
      seen.push([digest, total]);
    }
    for (const [digest, tokens] of seen) this.prefixes.set(digest, tokens);
    if (this.prefixes.size > CAPACITY) this.prefixes.clear();
    return cached;
  }
}
