// The caller's IP. Each proxy in front of the app appends the address it received
// the request from to X-Forwarded-For, after whatever the client itself sent; so
// only the entries the trusted proxies added can be believed, counted from the
// right. TRUSTED_PROXY_HOPS is how many there are: 1 on Cloud Run (Google's front
// end), 2 behind an external load balancer in front of it. The default is 1.
import { env } from "@/lib/config/env";

function trustedHops(): number {
  return env().TRUSTED_PROXY_HOPS;
}

export function clientIpFrom(headers: Pick<Headers, "get">): string | null {
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded?.length) {
    // Fewer entries than trusted hops: the left-most is the nearest the proxies saw.
    return forwarded[Math.max(0, forwarded.length - trustedHops())]!;
  }
  return headers.get("x-real-ip")?.trim() || null;
}

export function requestIp(req: Request): string | null {
  return clientIpFrom(req.headers);
}
