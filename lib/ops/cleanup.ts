// Housekeeping: deletes rows nothing reads any more. Run daily by a Cloud Run job
// (terraform/housekeeping.tf) or locally with `npm run jobs -- cleanup`.
// Ages come from lib/config/env.ts (CLEANUP_*_DAYS); each delete is one statement
// on an indexed column, and nothing still in use is touched:
// - sessions and sign-in tokens past their expiry;
// - budget holds no longer active (settled, released or expired) older than the
//   hold age: the ledger keeps what was charged;
// - processed Stripe webhook rows older than the webhook age (Stripe retries an
//   event for at most 3 days, so the claim is no longer needed after that);
// - guest users with no conversations older than the guest age (their ledger
//   rows stay, with the user id set to null).
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";

export interface CleanupReport {
  sessions: number;
  signInTokens: number;
  holds: number;
  webhookEvents: number;
  guests: number;
}

export interface CleanupAges {
  holdDays: number;
  webhookDays: number;
  guestDays: number;
}

const DAY_MS = 86_400_000;

export function cleanupAges(): CleanupAges {
  const e = env();
  return { holdDays: e.CLEANUP_HOLD_DAYS, webhookDays: e.CLEANUP_WEBHOOK_DAYS, guestDays: e.CLEANUP_GUEST_DAYS };
}

export async function cleanup(now = new Date(), ages: CleanupAges = cleanupAges()): Promise<CleanupReport> {
  const db = getDb();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const sessions = await db.session.deleteMany({ where: { expires: { lt: now } } });
  const signInTokens = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  const holds = await db.budgetReservation.deleteMany({
    where: { status: { not: "active" }, expiresAt: { lt: before(ages.holdDays) } },
  });
  const webhookEvents = await db.processedWebhookEvent.deleteMany({
    where: { status: { in: ["processed", "ignored"] }, receivedAt: { lt: before(ages.webhookDays) } },
  });
  const guests = await db.user.deleteMany({
    where: { isGuest: true, createdAt: { lt: before(ages.guestDays) }, conversations: { none: {} } },
  });
  return {
    sessions: sessions.count,
    signInTokens: signInTokens.count,
    holds: holds.count,
    webhookEvents: webhookEvents.count,
    guests: guests.count,
  };
}
