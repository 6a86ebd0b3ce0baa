// The operator's logs: Stripe webhook deliveries as processed, and the audit log.
import { query } from "@/lib/db/sql";
import { auditActionList, auditPage, webhookEventPage } from "./statements";

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
  const rows = await query<{
    id: string;
    type: string;
    status: string;
    error: string | null;
    received_at: Date;
    processed_at: Date | null;
  }>(webhookEventPage(filter.status, LOG_PAGE));
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
  }>(auditPage(filter.action, LOG_PAGE));
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
  const rows = await query<{ action: string }>(auditActionList);
  return rows.map((r) => r.action);
}
