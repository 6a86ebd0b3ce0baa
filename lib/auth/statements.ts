// Sign-in's SQL statements, as builders that only compose text and values
// (lib/db/sql.ts runs them): resolving an API key, a session or a user to the
// identity's row, the session's sliding expiry, the proofs that check an
// identity again inside a later statement (identity-proof.ts), and the use of a
// sign-in link bound to its browser (sign-in-binding.ts).
import { emptySql, sql, type Sql } from "@/lib/db/sql";
import type { IdentityRow } from "./identity-proof";

const IDENTITY_COLUMNS = sql`u.id, u.email, u.role, u.tier, u.tier_override, u.is_guest`;

/** A caller's extra columns (IdentityExtra) as a select-list tail. */
function tail(more: Sql | undefined): Sql {
  return more ? sql`, ${more}` : emptySql;
}

/**
 * Marks the key used and reads its owner in one statement (a revoked key matches
 * nothing): the identity's columns, `key_scopes`, then `more`.
 */
export function apiKeyCaller(hash: string, now: Date, more?: Sql): Sql {
  return sql`
    WITH used AS (
      UPDATE api_keys SET last_used_at = ${now}::timestamp
      WHERE hash = ${hash} AND revoked_at IS NULL RETURNING user_id, scopes
    )
    SELECT ${IDENTITY_COLUMNS}, used.scopes AS key_scopes ${tail(more)}
    FROM users u JOIN used ON used.user_id = u.id`;
}

/** The session with this token and its user: `session_id, expires, sessions_valid_after`, the identity's columns, `more`. */
export function sessionCaller(token: string, more?: Sql): Sql {
  return sql`
    SELECT s.id AS session_id, s.expires, u.sessions_valid_after, ${IDENTITY_COLUMNS}
      ${tail(more)}
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_token = ${token}`;
}

/** A session's sliding extension. */
export function sessionExtension(sessionId: string, expires: Date): Sql {
  return sql`UPDATE sessions SET expires = ${expires}::timestamp WHERE id = ${sessionId}`;
}

/** The user's identity columns, then `more`. */
export function userCaller(userId: string, more?: Sql): Sql {
  return sql`SELECT ${IDENTITY_COLUMNS} ${tail(more)} FROM users u WHERE u.id = ${userId}`;
}

/** Over `users u`: the row still holds everything the identity was built from. */
function unchanged(u: IdentityRow): Sql {
  return sql`u.id = ${u.id} AND u.role::text = ${u.role} AND u.email IS NOT DISTINCT FROM ${u.email}::text
    AND u.tier::text = ${u.tier} AND u.tier_override::text IS NOT DISTINCT FROM ${u.tier_override}::text
    AND u.is_guest = ${u.is_guest}`;
}

/** The API key's proof: records its use, as resolving it does, then `who(id)`. */
export function apiKeyProofCtes(hash: string, u: IdentityRow, now: Date): Sql {
  return sql`key_used AS (
        UPDATE api_keys SET last_used_at = ${now}::timestamp
        WHERE hash = ${hash} AND revoked_at IS NULL AND user_id = ${u.id} RETURNING user_id
      ), who AS (SELECT u.id FROM users u JOIN key_used k ON k.user_id = u.id WHERE ${unchanged(u)} AND NOT u.is_guest)`;
}

/** The session's proof, as resolving it checks: unexpired, and issued after "sign out of all devices". */
export function sessionProofCtes(sessionId: string, u: IdentityRow, maxAgeS: number, now: Date): Sql {
  return sql`who AS (SELECT u.id FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId} AND s.expires > ${now}::timestamp
        AND s.expires >= u.sessions_valid_after + make_interval(secs => ${maxAgeS}) AND ${unchanged(u)})`;
}

/** The guest's proof: its row unchanged. */
export function guestProofCtes(u: IdentityRow): Sql {
  return sql`who AS (SELECT u.id FROM users u WHERE ${unchanged(u)})`;
}

/** Uses the link only with its binding, deleting its address's other links; the used link's row. */
export function linkUse(identifier: string, token: string, binding: string): Sql {
  return sql`
    WITH used AS (
      DELETE FROM verification_tokens
      WHERE identifier = ${identifier} AND token = ${token} AND binding = ${binding}
      RETURNING identifier, token, expires
    ), older AS (
      DELETE FROM verification_tokens v USING used WHERE v.identifier = used.identifier AND v.token <> used.token
    )
    SELECT identifier, token, expires FROM used`;
}

/** The binding of the link stored as `storedToken`, if there is one. */
export function linkBinding(storedToken: string): Sql {
  return sql`SELECT binding FROM verification_tokens WHERE token = ${storedToken}`;
}
