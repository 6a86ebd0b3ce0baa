// Reads what went wrong in a Gemini SDK call: whether to retry, how long the
// API asked us to wait (google.rpc.RetryInfo), and what to tell the user.
import { ApiError } from "@google/genai";

export type FailureKind = "retryable" | "fatal" | "aborted";

export interface CallFailure {
  kind: FailureKind;
  /** HTTP status from the API, or null for network errors and timeouts. */
  status: number | null;
  /** The delay RetryInfo asked for, in ms, when present. */
  retryDelayMs: number | null;
  /** Safe to show to a user: never the raw upstream body. */
  userMessage: string;
  /** For logs only. */
  detail: string;
}

export class CallTimeoutError extends Error {
  constructor(ms: number) {
    super(`no response from the model within ${ms} ms`);
    this.name = "CallTimeoutError";
  }
}

/** "1.5s" (protobuf Duration JSON) -> 1500. */
export function parseDuration(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Math.round(Number(m[1]) * 1000) : null;
}

/** The SDK keeps the error body only as its message string; RetryInfo lives in error.details. */
export function retryDelayFromApiError(err: ApiError): number | null {
  try {
    const body = JSON.parse(err.message) as { error?: { details?: Array<Record<string, unknown>> } };
    const info = body.error?.details?.find((d) => String(d["@type"] ?? "").endsWith("google.rpc.RetryInfo"));
    return info ? parseDuration(info.retryDelay) : null;
  } catch {
    // Not every error body is JSON (proxies, HTML error pages): then there is no RetryInfo.
    return null;
  }
}

export function classifyFailure(err: unknown, signal?: AbortSignal): CallFailure {
  const detail = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err);
  if (signal?.aborted) {
    return { kind: "aborted", status: null, retryDelayMs: null, userMessage: "Stopped.", detail };
  }
  if (err instanceof CallTimeoutError) {
    return {
      kind: "retryable",
      status: null,
      retryDelayMs: null,
      userMessage: "The model took too long to answer.",
      detail,
    };
  }
  if (err instanceof ApiError) {
    const status = err.status;
    if (status === 429) {
      return {
        kind: "retryable",
        status,
        retryDelayMs: retryDelayFromApiError(err),
        userMessage: "Gemini is receiving too many requests right now. Please try again in a moment.",
        detail,
      };
    }
    if (status >= 500) {
      return {
        kind: "retryable",
        status,
        retryDelayMs: retryDelayFromApiError(err),
        userMessage: "Gemini is temporarily unavailable. Please try again.",
        detail,
      };
    }
    if (status === 400) {
      return {
        kind: "fatal",
        status,
        retryDelayMs: null,
        userMessage: "Gemini could not process this message (it may be too long).",
        detail,
      };
    }
    return {
      kind: "fatal",
      status,
      retryDelayMs: null,
      userMessage: "The model service rejected the request. The operator has been notified.",
      detail,
    };
  }
  // fetch failed / socket terminated: the connection broke, which is worth another try.
  if (err instanceof TypeError) {
    return {
      kind: "retryable",
      status: null,
      retryDelayMs: null,
      userMessage: "The connection to Gemini broke.",
      detail,
    };
  }
  return {
    kind: "fatal",
    status: null,
    retryDelayMs: null,
    userMessage: "The model call failed unexpectedly.",
    detail,
  };
}
