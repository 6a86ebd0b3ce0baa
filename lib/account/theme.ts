// The theme a page is drawn in: the signed-in (or guest) user's preference,
// "system" (follow the OS) for everyone else. Read by the root layout.
import { pageIdentity } from "@/lib/auth/identity";
import { getDb } from "@/lib/db/client";
import { readPreferences, type Preferences } from "./preferences";

export async function pageTheme(): Promise<Preferences["theme"]> {
  const me = await pageIdentity();
  if (!me) return "system";
  const row = await getDb().user.findUnique({ where: { id: me.userId }, select: { preferences: true } });
  return readPreferences(row?.preferences).theme;
}
