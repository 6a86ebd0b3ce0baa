// Who is calling. Every route asks this through the route wrapper, and pages through
// pageIdentity(); the sources of identity are decided here only, in this order:
// API key (Authorization: Bearer) → next-auth database session → guest cookie.
import type { NextRequest } from "next/server";
import type { Role, Tier } from "@/lib/db/generated/enums";
import { query, type Sql } from "@/lib/db/sql";
import { apiKeyCaller, sessionCaller, sessionExtension, userCaller } from "./statements";
import { bearerToken, hashApiKey } from "./api-key-secret";
import { knownScopes, type ApiKeyScope } from "./api-key-scopes";
import { GUEST_COOKIE, guestUserIdFrom } from "./guest";
import { effectiveRole } from "./admin-emails";
import { apiKeyProof, guestProof, sessionProof, type IdentityProof, type IdentityRow } from "./identity-proof";
import { sha256Hex } from "./sha256";
import { SESSION_MAX_AGE_S, SESSION_UPDATE_AGE_S, sessionToken } from "./session-cookie";

export type { IdentityProof };

export interface Identity {
  userId: string;
  role: Role;
  tier: Tier;
  isGuest: boolean;
  via: "session" | "guest" | "api_key";
  /** What the key may do; set only when `via` is "api_key" (see api-key-scopes.ts). */
  scopes?: ApiKeyScope[];
}

/**
 * More columns over the caller's `users u` row, read in the same round trip as
 * the identity (a route that always needs them saves one); `read` turns the row
 * into what the route is handed beside the identity.
 */
export interface IdentityExtra<T = unknown> {
  columns(now: Date): Sql;
  read(row: unknown, now: Date): T;
}

/** A resolved caller: who they are, and what the route's extra columns said (undefined without any). */
export interface Caller<T = unknown> {
  identity: Identity;
  extra: T | undefined;
}

/** Called with a proof, and the row the identity came from, when the request's main credential resolved. */
export type Prove = (proof: IdentityProof, row: unknown) => void;

/** The extra columns as a select-list tail, and a function that builds the caller from the row. */
function withExtra<T>(extra: IdentityExtra<T> | undefined, prove?: Prove) {
  const now = new Date();
  return {
    more: extra?.columns(now),
    done(row: UserRow, via: Identity["via"], proof?: IdentityProof): Caller<T> {
      if (proof) prove?.(proof, row);
      return { identity: toIdentity(row, via), extra: extra?.read(row, now) };
    },
  };
}

/** `prove`, if given, is called when the identity can be checked again by a proof (see IdentityProof). */
export async function resolveCaller<T = unknown>(
  req: NextRequest,
  extra?: IdentityExtra<T>,
  prove?: Prove,
): Promise<Caller<T> | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    // A caller who presents a key means to act as that key: a bad key is refused
    // outright rather than falling back to whatever cookies came along.
    const secret = bearerToken(authorization);
    return secret ? identityFromApiKey(secret, extra, prove) : null;
  }
  return identityFromCookies((name) => req.cookies.get(name)?.value, extra, prove);
}

/** Who is calling, and nothing more. */
export async function resolveIdentity(req: NextRequest): Promise<Identity | null> {
  return (await resolveCaller(req))?.identity ?? null;
}

/**
 * The credential that decides who a request is (API key, else session cookie,
 * else guest cookie) as a one-way key, or null if it has none: what a proof is
 * remembered under. Secrets are hashed, so none is kept in memory as sent.
 */
export function credentialKey(req: NextRequest): string | null {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const secret = bearerToken(authorization);
    return secret ? `k:${hashApiKey(secret)}` : null;
  }
  const read = (name: string) => req.cookies.get(name)?.value;
  const token = sessionToken(read);
  if (token) return `s:${sha256Hex(token)}`;
  const guest = read(GUEST_COOKIE);
  return guest ? `g:${sha256Hex(guest)}` : null;
}

/** For server components: the same resolution from the incoming request's cookies. */
export async function pageIdentity(): Promise<Identity | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  return (await identityFromCookies((name) => jar.get(name)?.value))?.identity ?? null;
}

// Every request resolves identity, so each source is one plain-SQL round trip.
type UserRow = IdentityRow;

function toIdentity(u: UserRow, via: Identity["via"]): Identity {
  return { userId: u.id, role: effectiveRole(u), tier: u.tier_override ?? u.tier, isGuest: u.is_guest, via };
}

async function identityFromApiKey<T>(
  secret: string,
  extra?: IdentityExtra<T>,
  prove?: Prove,
): Promise<Caller<T> | null> {
  const x = withExtra(extra, prove);
  const hash = hashApiKey(secret);
  // Marks the key used and loads its owner in one statement; a revoked key matches nothing.
  const [user] = await query<UserRow & { key_scopes: string[] | null }>(apiKeyCaller(hash, new Date(), x.more));
  // Guests cannot hold keys; checked again here in case a row was moved by hand.
  if (!user || user.is_guest) return null;
  // A key's scopes never change after it is made, so its proof need not check them again.
  const caller = x.done(user, "api_key", apiKeyProof(hash, user));
  caller.identity.scopes = knownScopes(user.key_scopes ?? []);
  return caller;
}

async function identityFromCookies<T>(
  read: (name: string) => string | undefined,
  extra?: IdentityExtra<T>,
  prove?: Prove,
): Promise<Caller<T> | null> {
  const token = sessionToken(read);
  if (token) {
    const fromSession = await identityFromSession(token, extra, prove);
    if (fromSession) return fromSession;
  }
  const guestId = guestUserIdFrom(read(GUEST_COOKIE));
  if (!guestId) return null;
  // A guest behind a session cookie that failed is not the credential that decides: no proof.
  return loadIdentity(guestId, "guest", extra, token ? undefined : prove);
}

async function identityFromSession<T>(
  token: string,
  extra?: IdentityExtra<T>,
  prove?: Prove,
): Promise<Caller<T> | null> {
  const x = withExtra(extra, prove);
  const [row] = await query<UserRow & { session_id: string; expires: Date; sessions_valid_after: Date }>(
    sessionCaller(token, x.more),
  );
  const now = Date.now();
  if (!row || row.expires.getTime() <= now) return null;
  // expires - maxAge is when the session was issued or last extended; anything
  // before "sign out of all devices" is void even if its row survived a race.
  const issuedAt = row.expires.getTime() - SESSION_MAX_AGE_S * 1000;
  if (issuedAt < row.sessions_valid_after.getTime()) return null;
  // Sliding expiry: activity through any route keeps the session alive, written at
  // most once a day so reads stay cheap.
  let expires = row.expires;
  if (expires.getTime() - now < (SESSION_MAX_AGE_S - SESSION_UPDATE_AGE_S) * 1000) {
    expires = new Date(now + SESSION_MAX_AGE_S * 1000);
    await query(sessionExtension(row.session_id, expires));
  }
  return x.done(row, "session", sessionProof(row.session_id, expires, row));
}

export async function loadIdentity<T>(
  userId: string,
  via: Identity["via"],
  extra?: IdentityExtra<T>,
  prove?: Prove,
): Promise<Caller<T> | null> {
  const x = withExtra(extra, prove);
  const [user] = await query<UserRow>(userCaller(userId, x.more));
  // Only a guest is proved by its row alone (the signed cookie having named it).
  return user ? x.done(user, via, via === "guest" ? guestProof(user) : undefined) : null;
}
