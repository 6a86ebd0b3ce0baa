// Telling "the database is unavailable" apart from a bug, and logging an outage
// once: the first failure of an outage is a warning, the requests failing during
// it are quiet, and the first new connection afterwards says it is over.
import type { Logger } from "pino";

// Connection-level failures: the server is down, restarting, refusing, or gone mid-query.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash, restart).
const SQLSTATE = /^(08|57P0[1-4]$|53300$)/;
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection ended unexpectedly",
  "the database system is",
];

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (!e || typeof e !== "object") continue;
    out.push(e);
    const o = e as { cause?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown[] };
    queue.push(o.cause, o.meta?.driverAdapterError, ...(Array.isArray(o.errors) ? o.errors : []));
  }
  return out;
}

/** True when `err` (or what caused it) says the database could not be reached or went away. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causes(err).some((e) => {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    return typeof message === "string" && MESSAGES.some((m) => message.includes(m));
  });
}

let outageSince: number | null = null;

/** Records a failure caused by the database being unavailable; the first of an outage is logged. */
export function noteDatabaseUnavailable(log: Logger, err: unknown): void {
  if (outageSince !== null) return;
  outageSince = Date.now();
  const first = causes(err).find((e) => (e as { message?: unknown }).message) as { message?: string } | undefined;
  log.warn({ reason: first?.message?.split("\n")[0] }, "database unavailable: answering 503 until it is back");
}

/** A new database connection was made: an outage, if any, is over. */
export function noteDatabaseReached(log: Logger): void {
  if (outageSince === null) return;
  log.info({ outageMs: Date.now() - outageSince }, "database reachable again");
  outageSince = null;
}

export function inDatabaseOutage(): boolean {
  return outageSince !== null;
}
