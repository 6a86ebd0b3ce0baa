// The answer while the database is unavailable: 503 unavailable:<surface> with
// Retry-After and words a user can act on, instead of a 500 and a stack trace.
import { AppError, type Surface } from "./app-error";

export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(surface: Surface, cause?: unknown): AppError {
  return new AppError(
    `unavailable:${surface}`,
    "The service is briefly unavailable. Please try again in a few seconds.",
    {
      headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
      details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      cause,
    },
  );
}
