// "Download my data": everything stored about one user, without secrets (no OAuth
// tokens, no key hashes, no session tokens).
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { readObject } from "@/lib/files/store";

export async function exportUserData(userId: string, ip: string | null) {
  const db = getDb();
  const [user, accounts, conversations, usage, apiKeys, subscriptions, audit, files] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId } }),
    db.account.findMany({
      where: { userId },
      select: { id: true, type: true, provider: true, providerAccountId: true, scope: true },
    }),
    db.conversation.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      include: { messages: { orderBy: { createdAt: "asc" } } },
    }),
    db.usageLedger.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
    db.apiKey.findMany({
      where: { userId },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
    db.subscription.findMany({ where: { userId } }),
    db.auditLog.findMany({
      where: { OR: [{ actorId: userId }, { targetId: userId }] },
      orderBy: { createdAt: "asc" },
    }),
    db.attachment.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
  ]);
  // The files themselves, base64, beside what they are and the message they went with.
  const attachments = await Promise.all(
    files.map(async ({ storageKey, userId: _owner, ...file }) => ({
      ...file,
      contentBase64: ((await readObject(storageKey)) ?? Buffer.alloc(0)).toString("base64"),
    })),
  );
  await recordAudit({ actorId: userId, action: "account.exported", targetType: "user", targetId: userId, ip });
  // Actions on the account, by whom in words: an administrator's id and IP are theirs, not the user's.
  const actions = audit.map((a) => ({
    at: a.createdAt,
    action: a.action,
    by: a.actorId === userId ? "you" : a.actorId ? "an administrator" : "the system",
    target: a.targetType,
    metadata: a.metadata,
    ...(a.actorId === userId ? { ip: a.ip } : {}),
  }));
  return {
    exportedAt: new Date().toISOString(),
    user,
    accounts,
    conversations,
    attachments,
    usage,
    apiKeys,
    subscriptions,
    audit: actions,
  };
}

/** JSON with BigInt (token/cost counters) written as strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}
