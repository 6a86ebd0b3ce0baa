// The first thing every request meets, before Next.js parses it: requests no
// route could serve are answered here with a 4xx instead of failing deep in
// Next or next-auth with a 500, and the peer's socket address is recorded.
// - TRACE, TRACK and CONNECT: 405 (undici refuses to build a Request for them).
// - A path or query whose percent-encoding is not valid UTF-8 (overlong forms,
//   lone surrogates, "%zz"), or carries NUL or other control characters: 400.
// - Cookies whose value holds such bytes are dropped: a browser made to hold
//   one (cookie tossing) still works, and nothing downstream reads NUL.
// - X-Peer-Address is set to the socket's remote address, replacing anything
//   the client sent: with no proxy in front it is the only address to believe
//   (lib/auth/request-ip.ts).
// - A page visit on another host than APP_URL's is redirected there (308,
//   lib/http/canonical-host.ts).
//
// Why http.Server.prototype.emit and not one server's listener: the server is
// Next's own. Both `next dev` and the standalone server.js the image runs create
// it inside next/dist/server/lib/start-server.js, with the request listener a
// closure, before the instrumentation hook (where this is installed) runs, and
// Next offers no hook ahead of its own request parsing. Wrapping a server we
// create ourselves would mean a custom server, which Next's standalone output
// (Dockerfile) cannot be used with. The patch reaches only this process, where
// Next's is the one HTTP server: the stand-ins run in the launcher's process
// (scripts/local-services.ts). A request Next accepted before the hook ran (its
// listener holds those until it is ready) is not gated; the route wrapper's own
// checks (lib/http/route.ts cleanText) still refuse NUL in its path and query.
import http from "node:http";
import { env } from "@/lib/config/env";
import { AppError } from "./app-error";
import { canonicalLocation } from "./canonical-host";

export const PEER_ADDRESS_HEADER = "x-peer-address";
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
const CONTROL = /[\u0000-\u001f\u007f]/;

function decodesCleanly(part: string): boolean {
  try {
    const decoded = decodeURIComponent(part.replace(/\+/g, " "));
    return !CONTROL.test(decoded) && decoded.isWellFormed();
  } catch {
    return false;
  }
}

/** Why a request is refused before it reaches the app, or null to let it through. */
export function refusal(method: string, rawUrl: string): AppError | null {
  if (REFUSED_METHODS.has(method.toUpperCase())) {
    return new AppError("method_not_allowed:api", `The ${method} method is not supported.`, {
      headers: { allow: "GET, HEAD, POST, PATCH, DELETE, OPTIONS" },
    });
  }
  const [path = "", query = ""] = rawUrl.split(/\?(.*)/s);
  const parts = [...path.split("/"), ...query.split(/[&=]/)];
  if (CONTROL.test(rawUrl) || !parts.every(decodesCleanly)) {
    return new AppError("bad_request:api", "The request URL is not valid UTF-8 or holds control characters.");
  }
  return null;
}

/** The Cookie header without the cookies whose value decodes to control characters or invalid UTF-8. */
export function cleanCookies(header: string): string {
  return header
    .split(";")
    .filter((pair) => decodesCleanly(pair.slice(pair.indexOf("=") + 1).trim()))
    .join(";");
}

function respond(res: http.ServerResponse, err: AppError): void {
  res.writeHead(err.status, { "content-type": "application/json", connection: "close", ...err.headers });
  res.end(JSON.stringify(err.toBody()));
}

let installed = false;

/** Puts the gate in front of every HTTP server of this process, i.e. Next's (called once, from instrumentation.ts). */
export function installRequestGate(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const refused = refusal(req.method ?? "GET", req.url ?? "/");
      if (refused) {
        respond(res, refused);
        return true;
      }
      const location = canonicalLocation(req.method ?? "GET", req.headers.host, req.url ?? "/", env().APP_URL);
      if (location) {
        res.writeHead(308, { location });
        res.end();
        return true;
      }
      if (req.headers.cookie) req.headers.cookie = cleanCookies(req.headers.cookie);
      req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
}
