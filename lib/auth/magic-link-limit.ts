// Sign-in emails are rate limited, so the form cannot be used to flood someone's
// inbox or to run up the mail bill: per address and per IP over a five-minute
// sliding window, across instances (the same counters as the chat's limits).
import { env } from "@/lib/config/env";
import { consume } from "@/lib/ratelimit/sliding-window";

export const MAGIC_LINK_WINDOW_MS = 5 * 60_000;

export type MagicLinkVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one sign-in email to `email` asked from `ip`; refuses once either is over its limit. */
export async function allowMagicLink(email: string, ip: string | null, now = new Date()): Promise<MagicLinkVerdict> {
  const e = env();
  const checks = [
    { key: `mail:addr:${email.trim().toLowerCase()}`, limit: e.MAGIC_LINK_LIMIT_PER_EMAIL },
    ...(ip ? [{ key: `mail:ip:${ip}`, limit: e.MAGIC_LINK_LIMIT_PER_IP }] : []),
  ];
  for (const c of checks) {
    const r = await consume({ ...c, windowMs: MAGIC_LINK_WINDOW_MS, now });
    if (!r.allowed) return { allowed: false, retryAfterSeconds: r.retryAfterSeconds };
  }
  return { allowed: true };
}
