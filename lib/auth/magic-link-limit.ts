// Sign-in emails are rate limited, so the form cannot be used to flood someone's
// inbox or to run up the mail bill: per IP, then per address, over a five-minute
// sliding window, across instances (the same counters as the chat's limits). The
// IP is checked first, so a caller over its own limit spends nobody's allowance.
// Keys carry a hash of the address, not the address.
import { env } from "@/lib/config/env";
import { consume } from "@/lib/ratelimit/sliding-window";
import { normalizeEmail } from "./email-address";
import { sha256Hex } from "./sha256";

export const MAGIC_LINK_WINDOW_MS = 5 * 60_000;

export type MagicLinkVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function addressKey(email: string): string {
  const inbox = normalizeEmail(email) ?? email.trim().toLowerCase();
  return `mail:addr:${sha256Hex(inbox).slice(0, 32)}`;
}

/** Counts one sign-in email to `email` asked from `ip`; refuses once either is over its limit. */
export async function allowMagicLink(email: string, ip: string | null, now = new Date()): Promise<MagicLinkVerdict> {
  const e = env();
  const checks = [
    ...(ip ? [{ key: `mail:ip:${ip}`, limit: e.MAGIC_LINK_LIMIT_PER_IP }] : []),
    { key: addressKey(email), limit: e.MAGIC_LINK_LIMIT_PER_EMAIL },
  ];
  for (const c of checks) {
    const r = await consume({ ...c, windowMs: MAGIC_LINK_WINDOW_MS, now });
    if (!r.allowed) return { allowed: false, retryAfterSeconds: r.retryAfterSeconds };
  }
  return { allowed: true };
}
