// The answer while the database is unavailable: 503 unavailable:<surface> with
// Retry-After and words a user can act on, instead of a 500 and a stack trace.
import { AppError, type Surface } from "./app-error";

export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** `message` says what the user should do when the usual "try again" is not the whole story. */
export function databaseUnavailable(
  surface: Surface,
  cause?: unknown,
  message = "The service is briefly unavailable. Please try again in a few seconds.",
): AppError {
  return new AppError(`unavailable:${surface}`, message, {
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    cause,
  });
}
