// Who is calling. Every route asks this through the route wrapper, and pages through
// pageIdentity(); the sources of identity are decided here only, in this order:
// (the accounts issue adds API keys and next-auth sessions ahead of) the guest cookie.
import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db/client";
import type { Role, Tier } from "@/lib/db/generated/enums";
import { GUEST_COOKIE, guestUserIdFrom } from "./guest";

export interface Identity {
  userId: string;
  role: Role;
  tier: Tier;
  isGuest: boolean;
  via: "session" | "guest" | "api_key";
}

export async function resolveIdentity(req: NextRequest): Promise<Identity | null> {
  return identityFromCookies((name) => req.cookies.get(name)?.value);
}

/** For server components: the same resolution from the incoming request's cookies. */
export async function pageIdentity(): Promise<Identity | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  return identityFromCookies((name) => jar.get(name)?.value);
}

async function identityFromCookies(read: (name: string) => string | undefined): Promise<Identity | null> {
  const guestId = guestUserIdFrom(read(GUEST_COOKIE));
  if (!guestId) return null;
  return loadIdentity(guestId, "guest");
}

export async function loadIdentity(userId: string, via: Identity["via"]): Promise<Identity | null> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, tier: true, tierOverride: true, isGuest: true },
  });
  if (!user) return null;
  return { userId: user.id, role: user.role, tier: user.tierOverride ?? user.tier, isGuest: user.isGuest, via };
}
