// The local mailbox stand-in: with no SMTP_URL, "sent" mail is kept in the
// local_mail table and shown at /dev/mailbox. Never active when real SMTP is
// configured or in a real production deployment.
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";

export function localMailboxActive(): boolean {
  const e = env();
  if (e.SMTP_URL) return false;
  return e.NODE_ENV !== "production" || e.ALLOW_STAND_INS === "1";
}

export async function listLocalMail(limit = 50) {
  return getDb().localMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
