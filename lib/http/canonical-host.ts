// One canonical host: pages answer only on APP_URL's host, and a visit on any
// other name for the same server (127.0.0.1 for localhost, the run.app URL for
// a custom domain) is redirected there, so cookies (a guest's chats, a session)
// always belong to one origin. API calls are not redirected: a script's POST
// must not be turned into a GET, and health checks come in on internal names.
//
// This runs in the request gate, before Next: Next's middleware rewrites a
// redirect's Location to a relative one when it thinks the hosts are the same,
// and it takes every loopback name for "localhost", so a redirect from
// 127.0.0.1 to localhost made there would point back at 127.0.0.1 for ever.
// The same list as proxy.ts's matcher, which Next needs as a literal
// (tests/unit/canonical-host.test.ts keeps the two in step).
const NOT_PAGES = /^\/(api\/|_next\/|icon|favicon)/;

/** Where a request on another host belongs, or null when it is already there (or is not a page visit). */
export function canonicalLocation(
  method: string,
  host: string | undefined,
  url: string,
  appUrl: string,
): string | null {
  if (method !== "GET" && method !== "HEAD") return null;
  const canonical = new URL(appUrl);
  if (!host || host === canonical.host || NOT_PAGES.test(url)) return null;
  return new URL(url, canonical).href;
}
