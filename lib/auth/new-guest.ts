// A newcomer becomes a guest (a user row and a signed cookie) only once their
// request has proved valid and passed the per-IP limit on new guests, so junk
// or over-limit requests leave no rows behind. The limit is the guest per-IP
// rate (RATE_LIMIT_GUEST_IP_RPM a minute), counted for new guests separately
// from the messages each guest then sends.
import { env } from "@/lib/config/env";
import { enforcePerMinute } from "@/lib/ratelimit/request-limits";
import { createGuestUser } from "./guest";
import { loadIdentity, type Caller, type IdentityExtra } from "./identity";

export async function admitNewGuest<T>(
  ip: string | null,
  extra?: IdentityExtra<T>,
): Promise<Caller<T> & { setCookie: string }> {
  if (ip) await enforcePerMinute([{ key: `guest:new:ip:${ip}`, limit: env().RATE_LIMIT_GUEST_IP_RPM }], new Date());
  const guest = await createGuestUser();
  const caller = await loadIdentity(guest.userId, "guest", extra);
  if (!caller) throw new Error("guest row vanished right after it was made");
  return { ...caller, setCookie: guest.setCookie };
}
