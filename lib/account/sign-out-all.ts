// "Sign out of all devices": every session row goes, and sessionsValidAfter marks
// the instant so any session minted by a racing sign-in is refused too.
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";

export async function signOutEverywhere(userId: string, ip: string | null): Promise<number> {
  const db = getDb();
  const [, removed] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { sessionsValidAfter: new Date() } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
  await recordAudit({
    actorId: userId,
    action: "auth.sign_out_all",
    targetType: "user",
    targetId: userId,
    ip,
    metadata: { sessions: removed.count },
  });
  return removed.count;
}
