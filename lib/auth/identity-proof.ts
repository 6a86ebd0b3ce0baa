// Proofs: how a later statement checks again, with no round trip of its own,
// that a request's credential still makes the identity it resolved to (the
// chat admission does, for identities remembered by identity-hints.ts). Each
// repeats, in SQL, what resolving that kind of credential checks in identity.ts.
import type { Role, Tier } from "@/lib/db/generated/enums";
import { sql, type Sql } from "@/lib/db/sql";
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

/** Over `users u`: the row still holds everything toIdentity() built the identity from. */
function unchanged(u: IdentityRow): Sql {
  return sql`u.id = ${u.id} AND u.role::text = ${u.role} AND u.email IS NOT DISTINCT FROM ${u.email}::text
    AND u.tier::text = ${u.tier} AND u.tier_override::text IS NOT DISTINCT FROM ${u.tier_override}::text
    AND u.is_guest = ${u.is_guest}`;
}

export function apiKeyProof(hash: string, u: IdentityRow): IdentityProof {
  return {
    ctes: (now) => sql`key_used AS (
        UPDATE api_keys SET last_used_at = ${now}::timestamp
        WHERE hash = ${hash} AND revoked_at IS NULL AND user_id = ${u.id} RETURNING user_id
      ), who AS (SELECT u.id FROM users u JOIN key_used k ON k.user_id = u.id WHERE ${unchanged(u)} AND NOT u.is_guest)`,
    usableUntil: Infinity,
  };
}

/** `sessionId` is the row the token resolved to (the token itself is not kept). */
export function sessionProof(sessionId: string, expires: Date, u: IdentityRow): IdentityProof {
  return {
    // As identityFromSession() checks: unexpired, and issued after "sign out of all devices".
    ctes: (now) => sql`who AS (SELECT u.id FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId} AND s.expires > ${now}::timestamp
        AND s.expires >= u.sessions_valid_after + make_interval(secs => ${SESSION_MAX_AGE_S}) AND ${unchanged(u)})`,
    usableUntil: expires.getTime() - (SESSION_MAX_AGE_S - SESSION_UPDATE_AGE_S) * 1000,
  };
}

export function guestProof(u: IdentityRow): IdentityProof {
  // The cookie's signature was checked when it resolved, and the same cookie maps to the same proof.
  return { ctes: () => sql`who AS (SELECT u.id FROM users u WHERE ${unchanged(u)})`, usableUntil: Infinity };
}
