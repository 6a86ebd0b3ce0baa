// Roles come from ADMIN_EMAILS, written at every sign-in with an audit entry when
// they change. A removed email loses admin rights at once (identity.ts checks the
// list again); this records the change at the next sign-in.
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { roleForEmail } from "./admin-emails";

export async function applyRoleAtSignIn(userId: string, ip: string | null): Promise<Role> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, role: true } });
  const role = roleForEmail(user.email);
  if (role !== user.role) {
    await db.user.update({ where: { id: userId }, data: { role } });
    await recordAudit({
      actorId: null,
      action: "user.role_changed",
      targetType: "user",
      targetId: userId,
      ip,
      metadata: { from: user.role, to: role, reason: "ADMIN_EMAILS" },
    });
  }
  return role;
}
