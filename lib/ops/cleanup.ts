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
//   rows stay, with the user id set to null), and the files they uploaded;
// - files uploaded and never sent, a day after upload (rows and bytes).
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { deleteObjects, deleteUserObjects } from "@/lib/files/store";

export interface CleanupReport {
  sessions: number;
  signInTokens: number;
  holds: number;
  webhookEvents: number;
  guests: number;
  unsentFiles: number;
}

export interface CleanupAges {
  holdDays: number;
  webhookDays: number;
  guestDays: number;
  unsentFileDays: number;
}

const DAY_MS = 86_400_000;
/** A file attached and never sent is removed this long after its upload. */
export const UNSENT_FILE_DAYS = 1;

export function cleanupAges(): CleanupAges {
  const e = env();
  return {
    holdDays: e.CLEANUP_HOLD_DAYS,
    webhookDays: e.CLEANUP_WEBHOOK_DAYS,
    guestDays: e.CLEANUP_GUEST_DAYS,
    unsentFileDays: UNSENT_FILE_DAYS,
  };
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
  const oldGuests = await db.user.findMany({
    where: { isGuest: true, createdAt: { lt: before(ages.guestDays) }, conversations: { none: {} } },
    select: { id: true },
  });
  const guests = await db.user.deleteMany({
    where: { id: { in: oldGuests.map((g) => g.id) }, conversations: { none: {} } },
  });
  // Their rows went with them; their files' bytes go now.
  for (const g of oldGuests) await deleteUserObjects(g.id);
  const unsent = await db.attachment.findMany({
    where: { messageId: null, createdAt: { lt: before(ages.unsentFileDays) } },
    select: { id: true, storageKey: true },
  });
  const unsentFiles = await db.attachment.deleteMany({
    where: { id: { in: unsent.map((f) => f.id) }, messageId: null },
  });
  await deleteObjects(unsent.map((f) => f.storageKey));
  return {
    sessions: sessions.count,
    signInTokens: signInTokens.count,
    holds: holds.count,
    webhookEvents: webhookEvents.count,
    guests: guests.count,
    unsentFiles: unsentFiles.count,
  };
}
