// The caller's IP as Cloud Run reports it: its front end appends the client address
// to X-Forwarded-For, so the first hop is the client.
export function requestIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for");
  if (forwarded) {
    const first = forwarded.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.headers.get("x-real-ip")?.trim() || null;
}
