// Cross-site request forgery: a state-changing request a browser sends must come
// from this app's own pages. SameSite=Lax alone does not do it: a page on another
// port of the same host is "same-site", and a text/plain form or a no-cors fetch
// carries cookies. Browsers say where a request comes from (Origin, and
// Sec-Fetch-Site in every current one); anything but this origin is refused.
// A request with neither header is not from a browser page (curl, servers,
// Stripe), so there are no ambient cookies to abuse; one with an API key
// (Authorization) carries its credential itself and is not forgeable this way.
import { env } from "@/lib/config/env";
import { AppError, type Surface } from "./app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether `origin` is this app: its configured origin, or the host the request was sent to. */
function ownOrigin(origin: string, host: string | null): boolean {
  if (origin === new URL(env().APP_URL).origin) return true;
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws forbidden when a browser sent this state-changing request from another origin or site. */
export function checkSameOrigin(req: Request, surface: Surface): void {
  if (SAFE_METHODS.has(req.method) || req.headers.has("authorization")) return;
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const crossSite = site !== null && site !== "same-origin" && site !== "none";
  const crossOrigin = origin !== null && !ownOrigin(origin, req.headers.get("host"));
  if (crossSite || crossOrigin) {
    throw new AppError(`forbidden:${surface}`, "This request must come from the app's own pages.");
  }
}
