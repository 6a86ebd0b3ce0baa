// Roles come from ADMIN_EMAILS, applied at every sign-in so the list stays the
// single source of truth (removing an email demotes at the next sign-in).
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";

export function roleForEmail(email: string | null | undefined): Role {
  return email && env().ADMIN_EMAILS.includes(email.toLowerCase()) ? "admin" : "user";
}

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
