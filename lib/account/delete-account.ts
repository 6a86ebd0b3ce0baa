// "Delete my account": cancels billing first (a deleted account must not keep
// paying), then removes every row of the user. Foreign keys cascade; the usage
// ledger keeps cost history with userId set null. The audit log keeps one entry
// whose target is a salted hash, so the deletion is provable without the person.
import crypto from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { authSecret } from "@/lib/auth/signed-value";
import { cancelBillingForDeletedUser } from "@/lib/billing/account-deletion";
import { getDb } from "@/lib/db/client";
import { deleteUserObjects } from "@/lib/files/store";
import { AppError } from "@/lib/http/app-error";

export function deletedUserRef(userId: string): string {
  return crypto.createHmac("sha256", authSecret()).update(`deleted-user:${userId}`).digest("hex");
}

export async function deleteAccount(userId: string, confirmEmail: string, ip: string | null): Promise<void> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, role: true } });
  if (!user.email || user.email.toLowerCase() !== confirmEmail.trim().toLowerCase()) {
    throw new AppError("bad_request:account", "Type your account's email address to confirm.");
  }
  await cancelBillingForDeletedUser(userId);
  await db.$transaction(async (tx) => {
    await tx.auditLog.deleteMany({ where: { actorId: userId } });
    // Entries others wrote about this user (e.g. an admin's tier change) keep the
    // event but lose the raw id.
    await tx.auditLog.updateMany({ where: { targetId: userId }, data: { targetId: deletedUserRef(userId) } });
    if (user.email) await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
    await tx.user.delete({ where: { id: userId } });
  });
  // The rows went with the user; the files' bytes go now.
  await deleteUserObjects(userId);
  await recordAudit({
    actorId: null,
    action: "account.deleted",
    targetType: "user",
    targetId: deletedUserRef(userId),
    ip,
    metadata: { role: user.role },
  });
}
