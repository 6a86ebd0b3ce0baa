// Structured logs in the shape Cloud Logging reads: one JSON object per line with
// `severity` and `message`. In development a short readable line instead.
import pino, { type DestinationStream, type Logger } from "pino";
import { logEnv } from "@/lib/config/env";
import { prettyLine } from "./pretty";

const SEVERITY: Record<string, string> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  warn: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

// Never log these, wherever they appear in a log object.
export const REDACT_PATHS = [
  "password",
  "secret",
  "token",
  "apiKey",
  "authorization",
  "cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.apiKey",
  "*.authorization",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
];

export function createLogger(opts: { level?: string; pretty?: boolean; destination?: DestinationStream } = {}): Logger {
  const config = logEnv();
  const pretty = opts.pretty ?? config.NODE_ENV === "development";
  const destination: DestinationStream =
    opts.destination ??
    (pretty ? { write: (line: string) => process.stdout.write(prettyLine(line)) } : pino.destination(1));
  return pino(
    {
      level: opts.level ?? config.LOG_LEVEL,
      messageKey: "message",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: { logMethod: withStackTrace },
      formatters: {
        level: (label) => ({ severity: SEVERITY[label] ?? "DEFAULT" }),
      },
    },
    destination,
  );
}

const ERROR_LEVEL = 50;

/**
 * Error Reporting groups a log entry as an error when its JSON has a stack trace
 * in `stack_trace` (read before `message`, which here is the human summary):
 * error and fatal lines that carry an `err` get the V8 stack there.
 */
function withStackTrace(
  this: Logger,
  args: Parameters<Logger["info"]>,
  method: (...a: unknown[]) => void,
  level: number,
) {
  const first = args[0] as unknown;
  if (level >= ERROR_LEVEL && first && typeof first === "object" && "err" in first) {
    const err = (first as { err: unknown }).err;
    const stack = err instanceof Error ? err.stack : undefined;
    if (stack) return method.apply(this, [{ ...first, stack_trace: stack }, ...args.slice(1)]);
  }
  return method.apply(this, args as unknown[]);
}

const globalForLog = globalThis as unknown as { __logger?: Logger };
export const logger: Logger = (globalForLog.__logger ??= createLogger());

/** Cloud Logging links log lines to a request trace through this field. */
export function traceFields(header: string | null | undefined): Record<string, string> {
  if (!header) return {};
  const traceId = header.split("/")[0];
  if (!traceId || !/^[0-9a-fA-F]{1,64}$/.test(traceId)) return {};
  const project = logEnv().GOOGLE_CLOUD_PROJECT;
  return {
    "logging.googleapis.com/trace": project ? `projects/${project}/traces/${traceId}` : traceId,
  };
}
