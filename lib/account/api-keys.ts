// API keys of one user. Every query is scoped by userId so a key id that is not
// yours looks exactly like one that does not exist.
import { recordAudit } from "@/lib/audit/record";
import { DEFAULT_SCOPES, knownScopes, type ApiKeyScope } from "@/lib/auth/api-key-scopes";
import { newApiKeySecret } from "@/lib/auth/api-key-secret";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";

export const MAX_ACTIVE_KEYS = 20;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  /** What the key may do (lib/auth/api-key-scopes.ts). */
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const viewSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

function toView(k: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKeyView {
  return {
    ...k,
    scopes: knownScopes(k.scopes),
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  const rows = await getDb().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: viewSelect });
  return rows.map(toView);
}

/** The secret is returned here and never again. */
export async function createApiKey(
  userId: string,
  name: string,
  ip: string | null,
  scopes: ApiKeyScope[] = DEFAULT_SCOPES,
): Promise<{ key: ApiKeyView; secret: string }> {
  const db = getDb();
  const active = await db.apiKey.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_KEYS) {
    throw new AppError("conflict:api_key", `You can have at most ${MAX_ACTIVE_KEYS} active keys. Revoke one first.`);
  }
  const { secret, prefix, hash } = newApiKeySecret();
  const row = await db.apiKey.create({ data: { userId, name, prefix, hash, scopes }, select: viewSelect });
  await recordAudit({
    actorId: userId,
    action: "api_key.created",
    targetType: "api_key",
    targetId: row.id,
    ip,
    metadata: { name, prefix, scopes },
  });
  return { key: toView(row), secret };
}

export async function revokeApiKey(userId: string, keyId: string, ip: string | null): Promise<ApiKeyView> {
  const db = getDb();
  const found = await db.apiKey.findFirst({ where: { id: keyId, userId }, select: { id: true, revokedAt: true } });
  if (!found) throw new AppError("not_found:api_key", "No such key.");
  if (found.revokedAt) return toView(await db.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: viewSelect }));
  const row = await db.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: viewSelect });
  await recordAudit({ actorId: userId, action: "api_key.revoked", targetType: "api_key", targetId: keyId, ip });
  return toView(row);
}
