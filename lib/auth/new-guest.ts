// A newcomer becomes a guest (a user row and a signed cookie) only once their
// request has proved valid and passed the per-IP limit on new guests, so junk
// or over-limit requests leave no rows behind. The limit is the guest per-IP
// rate (RATE_LIMIT_GUEST_IP_RPM a minute), counted for new guests separately
// from the messages each guest then sends.
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { consume } from "@/lib/ratelimit/sliding-window";
import { createGuestUser } from "./guest";
import { loadIdentity, type Identity, type IdentityExtra } from "./identity";

const MINUTE = 60_000;

export async function admitNewGuest(
  ip: string | null,
  extra?: IdentityExtra,
): Promise<{ identity: Identity; setCookie: string }> {
  if (ip) {
    const r = await consume({
      key: `guest:new:ip:${ip}`,
      limit: env().RATE_LIMIT_GUEST_IP_RPM,
      windowMs: MINUTE,
      now: new Date(),
    });
    if (!r.allowed) {
      throw new AppError("rate_limit:chat", `Too many messages. Please wait ${r.retryAfterSeconds} s and try again.`, {
        details: { retryAfterSeconds: r.retryAfterSeconds },
        headers: { "Retry-After": String(r.retryAfterSeconds) },
      });
    }
  }
  const guest = await createGuestUser();
  const identity = await loadIdentity(guest.userId, "guest", extra);
  if (!identity) throw new Error("guest row vanished right after it was made");
  return { identity, setCookie: guest.setCookie };
}
