// Who is calling. Every route asks this through the route wrapper, and pages through
// pageIdentity(); the sources of identity are decided here only, in this order:
// API key (Authorization: Bearer) → next-auth database session → guest cookie.
import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db/client";
import type { Role, Tier } from "@/lib/db/generated/enums";
import { bearerToken, hashApiKey } from "./api-key-secret";
import { GUEST_COOKIE, guestUserIdFrom } from "./guest";
import { hasSessionCookie, SESSION_MAX_AGE_S, SESSION_UPDATE_AGE_S, sessionCookieName } from "./session-cookie";

export interface Identity {
  userId: string;
  role: Role;
  tier: Tier;
  isGuest: boolean;
  via: "session" | "guest" | "api_key";
}

export async function resolveIdentity(req: NextRequest): Promise<Identity | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    // A caller who presents a key means to act as that key: a bad key is refused
    // outright rather than falling back to whatever cookies came along.
    const secret = bearerToken(authorization);
    return secret ? identityFromApiKey(secret) : null;
  }
  return identityFromCookies((name) => req.cookies.get(name)?.value);
}

/** For server components: the same resolution from the incoming request's cookies. */
export async function pageIdentity(): Promise<Identity | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  return identityFromCookies((name) => jar.get(name)?.value);
}

async function identityFromApiKey(secret: string): Promise<Identity | null> {
  const db = getDb();
  const key = await db.apiKey.findUnique({ where: { hash: hashApiKey(secret) } });
  if (!key || key.revokedAt) return null;
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  const identity = await loadIdentity(key.userId, "api_key");
  // Guests cannot hold keys; checked again here in case a row was moved by hand.
  return identity && !identity.isGuest ? identity : null;
}

async function identityFromCookies(read: (name: string) => string | undefined): Promise<Identity | null> {
  // Config is consulted only when a session cookie came along, so cookie-less
  // requests (liveness, unit tests) never need the validated environment.
  const token = hasSessionCookie(read) ? read(sessionCookieName()) : undefined;
  if (token) {
    const fromSession = await identityFromSession(token);
    if (fromSession) return fromSession;
  }
  const guestId = guestUserIdFrom(read(GUEST_COOKIE));
  if (!guestId) return null;
  return loadIdentity(guestId, "guest");
}

async function identityFromSession(sessionToken: string): Promise<Identity | null> {
  const db = getDb();
  const session = await db.session.findUnique({
    where: { sessionToken },
    include: { user: { select: { sessionsValidAfter: true } } },
  });
  const now = Date.now();
  if (!session || session.expires.getTime() <= now) return null;
  // expires - maxAge is when the session was issued or last extended; anything
  // before "sign out of all devices" is void even if its row survived a race.
  const issuedAt = session.expires.getTime() - SESSION_MAX_AGE_S * 1000;
  if (issuedAt < session.user.sessionsValidAfter.getTime()) return null;
  // Sliding expiry: activity through any route keeps the session alive, written at
  // most once a day so reads stay cheap.
  if (session.expires.getTime() - now < (SESSION_MAX_AGE_S - SESSION_UPDATE_AGE_S) * 1000) {
    await db.session.update({
      where: { id: session.id },
      data: { expires: new Date(now + SESSION_MAX_AGE_S * 1000) },
    });
  }
  return loadIdentity(session.userId, "session");
}

export async function loadIdentity(userId: string, via: Identity["via"]): Promise<Identity | null> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, tier: true, tierOverride: true, isGuest: true },
  });
  if (!user) return null;
  return { userId: user.id, role: user.role, tier: user.tierOverride ?? user.tier, isGuest: user.isGuest, via };
}
