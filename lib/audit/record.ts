// Audit log writer: every security-relevant mutation (sign-in, keys, export,
// deletion, role/tier changes, admin actions) lands here with actor, target and IP.
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  ip?: string | null;
  metadata?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await getDb().auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      metadata: (entry.metadata ?? {}) as Prisma.InputJsonValue,
    },
  });
}
