// The one error type of the app. Code is "type:surface" (e.g. "rate_limit:chat"):
// the type fixes the HTTP status, the surface says where it happened. The message
// is for the user; internals never leave the server.
export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media"
  | "budget_exceeded"
  | "rate_limit"
  | "upstream"
  | "unavailable"
  | "timeout"
  | "internal";

export type Surface =
  | "api"
  | "auth"
  | "chat"
  | "conversation"
  | "message"
  | "database"
  | "billing"
  | "webhook"
  | "account"
  | "api_key"
  | "admin"
  | "model"
  | "attachment";

export type ErrorCode = `${ErrorType}:${Surface}`;

export const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  budget_exceeded: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media: 415,
  rate_limit: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
  timeout: 504,
};

export interface ErrorBody {
  error: { code: ErrorCode; type: ErrorType; message: string } & Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly type: ErrorType;
  readonly status: number;
  /** Extra fields a client can act on, e.g. resetAt or retryAfterSeconds. */
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.type = code.split(":")[0] as ErrorType;
    this.status = STATUS[this.type];
    this.details = opts.details ?? {};
    this.headers = opts.headers ?? {};
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, type: this.type, message: this.message, ...this.details } };
  }

  toResponse(): Response {
    return Response.json(this.toBody(), { status: this.status, headers: this.headers });
  }
}

/** Anything thrown that is not an AppError becomes a generic 500 that hides internals. */
export function toAppError(err: unknown, surface: Surface = "api"): AppError {
  if (err instanceof AppError) return err;
  return new AppError(`internal:${surface}`, "Something went wrong on our side. Please try again.", { cause: err });
}
