// The operator's logs: Stripe webhook deliveries as processed, and the audit log.
import { emptySql, query, sql } from "@/lib/db/sql";

export const LOG_PAGE = 100;

export interface WebhookEventRow {
  id: string;
  type: string;
  status: string;
  error: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

export async function webhookEvents(filter: { status?: string } = {}): Promise<WebhookEventRow[]> {
  const where = filter.status ? sql`WHERE status = ${filter.status}` : emptySql;
  const rows = await query<{
    id: string;
    type: string;
    status: string;
    error: string | null;
    received_at: Date;
    processed_at: Date | null;
  }>(sql`SELECT id, type, status, error, received_at, processed_at FROM processed_webhook_events ${where}
    ORDER BY received_at DESC, id LIMIT ${LOG_PAGE}`);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    error: r.error,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
  }));
}

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  metadata: unknown;
}

export async function auditEntries(filter: { action?: string } = {}): Promise<AuditRow[]> {
  const where = filter.action ? sql`WHERE a.action = ${filter.action}` : emptySql;
  const rows = await query<{
    id: string;
    created_at: Date;
    action: string;
    actor_id: string | null;
    email: string | null;
    target_type: string;
    target_id: string | null;
    ip: string | null;
    metadata: unknown;
  }>(sql`SELECT a.id::text AS id, a.created_at, a.action, a.actor_id, u.email, a.target_type, a.target_id, a.ip, a.metadata
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ${where}
    ORDER BY a.created_at DESC, a.id DESC LIMIT ${LOG_PAGE}`);
  return rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    action: r.action,
    actorId: r.actor_id,
    actorEmail: r.email,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    metadata: r.metadata,
  }));
}

/** The actions present in the log, for the filter. */
export async function auditActions(): Promise<string[]> {
  const rows = await query<{ action: string }>(sql`SELECT DISTINCT action FROM audit_log ORDER BY action`);
  return rows.map((r) => r.action);
}
