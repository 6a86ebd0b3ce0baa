// Proofs: how a later statement checks again, with no round trip of its own,
// that a request's credential still makes the identity it resolved to (the
// chat admission does, for identities remembered by identity-hints.ts). Each
// repeats, in SQL, what resolving that kind of credential checks in identity.ts.
import type { Role, Tier } from "@/lib/db/generated/enums";
import type { Sql } from "@/lib/db/sql";
import { apiKeyProofCtes, guestProofCtes, sessionProofCtes } from "./statements";
import { SESSION_MAX_AGE_S, SESSION_UPDATE_AGE_S } from "./session-cookie";

/** The user columns an identity is built from. */
export interface IdentityRow {
  id: string;
  email: string | null;
  role: Role;
  tier: Tier;
  tier_override: Tier | null;
  is_guest: boolean;
}

/**
 * How to check again, inside a later statement, that the credential a request
 * came with still resolves to this same identity (see identity-hints.ts, which
 * remembers identities only to be checked this way). `ctes(now)` are WITH
 * queries ending in `who(id)`: one row if it does, none otherwise. An API key's
 * use is recorded by a data-modifying one before it, as resolving it does.
 */
export interface IdentityProof {
  ctes(now: Date): Sql;
  /** After this instant the proof is not to be used (a session then due for its sliding extension). */
  usableUntil: number;
}

export function apiKeyProof(hash: string, u: IdentityRow): IdentityProof {
  return {
    ctes: (now) => apiKeyProofCtes(hash, u, now),
    usableUntil: Infinity,
  };
}

/** `sessionId` is the row the token resolved to (the token itself is not kept). */
export function sessionProof(sessionId: string, expires: Date, u: IdentityRow): IdentityProof {
  return {
    // As identityFromSession() checks.
    ctes: (now) => sessionProofCtes(sessionId, u, SESSION_MAX_AGE_S, now),
    usableUntil: expires.getTime() - (SESSION_MAX_AGE_S - SESSION_UPDATE_AGE_S) * 1000,
  };
}

export function guestProof(u: IdentityRow): IdentityProof {
  // The cookie's signature was checked when it resolved, and the same cookie maps to the same proof.
  return { ctes: () => guestProofCtes(u), usableUntil: Infinity };
}
