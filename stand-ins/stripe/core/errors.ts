// Stripe's error object. Status codes follow Stripe: 400 bad parameters,
// 401 bad key, 402 card declined, 404 missing object or URL.
export type StripeErrorType = "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly param?: string,
    readonly code?: string,
    readonly declineCode?: string,
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  toBody(requestId: string | null): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.param) error.param = this.param;
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}`;
    }
    if (this.declineCode) error.decline_code = this.declineCode;
    if (requestId) error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    return { error };
  }
}

/** `No such customer: 'cus_123'`; 404 when the id is in the URL, 400 when it is a parameter. */
export function noSuch(kind: string, id: string, param = "id"): StripeApiError {
  const status = param === "id" ? 404 : 400;
  return new StripeApiError(status, "invalid_request_error", `No such ${kind}: '${id}'`, param, "resource_missing");
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, param, code);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

/** What Stripe answers for a parameter the endpoint does not take. */
export function unknownParam(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, param, "parameter_unknown");
}
