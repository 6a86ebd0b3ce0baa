// Profile and preferences as the account page shows and edits them.
import type { Identity } from "@/lib/auth/identity";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { allowedModels, effectivePreferences, mergePreferences, type Preferences } from "./preferences";

export interface Profile {
  id: string;
  email: string | null;
  name: string | null;
  image: string | null;
  role: string;
  tier: string;
  createdAt: string;
  preferences: Preferences;
  allowedModels: Preferences["defaultModel"][];
  /** The most messages a chat sends as history, whatever the preference (CHAT_HISTORY_MAX_MESSAGES). */
  historyMax: number;
}

export async function getProfile(userId: string): Promise<Profile> {
  const u = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
  const tier = u.tierOverride ?? u.tier;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    image: u.image,
    role: u.role,
    tier,
    createdAt: u.createdAt.toISOString(),
    preferences: effectivePreferences(u.preferences, tier),
    allowedModels: allowedModels(tier),
    historyMax: env().CHAT_HISTORY_MAX_MESSAGES,
  };
}

export async function updateProfile(
  me: Identity,
  patch: { name?: string; preferences?: Partial<Preferences> },
): Promise<Profile> {
  const db = getDb();
  const current = await db.user.findUniqueOrThrow({ where: { id: me.userId }, select: { preferences: true } });
  const preferences = patch.preferences ? mergePreferences(current.preferences, patch.preferences, me.tier) : undefined;
  await db.user.update({
    where: { id: me.userId },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(preferences ? { preferences: preferences as Prisma.InputJsonValue } : {}),
    },
  });
  return getProfile(me.userId);
}
