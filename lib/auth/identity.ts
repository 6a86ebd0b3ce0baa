// Who is calling. Every route asks this through the route wrapper; the source of
// identity (signed anonymous cookie, next-auth session, API key) is decided here only.
import type { NextRequest } from "next/server";
import type { Role, Tier } from "@/lib/db/generated/enums";

export interface Identity {
  userId: string;
  role: Role;
  tier: Tier;
  isGuest: boolean;
  via: "session" | "guest" | "api_key";
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function resolveIdentity(req: NextRequest, opts: { optional?: boolean } = {}): Promise<Identity | null> {
  return null;
}
