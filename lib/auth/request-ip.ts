// The caller's IP. Each proxy in front of the app appends the address it received
// the request from to X-Forwarded-For, after whatever the client itself sent; so
// only the entries the trusted proxies added can be believed, counted from the
// right. TRUSTED_PROXY_HOPS says how many proxies there are, explicitly: 0 when
// nothing is in front (the socket's peer address, recorded by
// lib/http/request-gate.ts, is the caller and X-Forwarded-For is ignored; what
// `npm start` uses), 1 on Cloud Run (Google's front end, the default), 2 behind
// an external load balancer in front of Cloud Run.
import { env } from "@/lib/config/env";
import { PEER_ADDRESS_HEADER } from "@/lib/http/request-gate";

export function clientIpFrom(headers: Pick<Headers, "get">): string | null {
  const hops = env().TRUSTED_PROXY_HOPS;
  if (hops === 0) return headers.get(PEER_ADDRESS_HEADER)?.trim() || null;
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded?.length) {
    // Fewer entries than trusted hops: the left-most is the nearest the proxies saw.
    return forwarded[Math.max(0, forwarded.length - hops)]!;
  }
  return headers.get("x-real-ip")?.trim() || null;
}

export function requestIp(req: Request): string | null {
  return clientIpFrom(req.headers);
}
