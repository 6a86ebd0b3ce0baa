// Requests per minute per user (by tier) and, for guests, per IP: a newcomer can
// mint a new guest identity with every request, so the IP is what really limits
// anonymous traffic. Refusal is 429 rate_limit:chat with Retry-After.
import type { Identity } from "@/lib/auth/identity";
import { tierLimits } from "@/lib/budget/tiers";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { consume } from "./sliding-window";
import type { Check } from "./statements";

export const MINUTE = 60_000;

interface RequestRateInput {
  identity: Identity;
  ip: string | null;
  now: Date;
  /** Overrides for tests; default from the tier config and env. */
  userRpm?: number;
  guestIpRpm?: number;
}

/** The per-minute checks one chat request must pass (window: one minute). */
export function requestRateChecks(input: Omit<RequestRateInput, "now">): Check[] {
  const { identity } = input;
  const userRpm = input.userRpm ?? tierLimits(identity.tier).requestsPerMinute;
  const checks: Check[] = [{ key: `rpm:user:${identity.userId}`, limit: userRpm }];
  if (identity.isGuest && input.ip)
    checks.push({ key: `rpm:ip:${input.ip}`, limit: input.guestIpRpm ?? env().RATE_LIMIT_GUEST_IP_RPM });
  return checks;
}

export async function enforceRequestRate(input: RequestRateInput): Promise<void> {
  await enforcePerMinute(requestRateChecks(input), input.now);
}

/** Counts one request against each per-minute check in turn; the first that is full refuses it (429). */
export async function enforcePerMinute(checks: Check[], now: Date): Promise<void> {
  for (const c of checks) {
    const r = await consume({ key: c.key, limit: c.limit, windowMs: MINUTE, now });
    if (!r.allowed) {
      throw new AppError("rate_limit:chat", `Too many messages. Please wait ${r.retryAfterSeconds} s and try again.`, {
        details: { retryAfterSeconds: r.retryAfterSeconds },
        headers: { "Retry-After": String(r.retryAfterSeconds) },
      });
    }
  }
}
