// The emulator's one error type: a google.rpc.Status with its HTTP status,
// serialised exactly like the real API's error bodies so the SDK's ApiError
// (and our app's mapping of it) sees what production would send.
import type { WireErrorBody } from "./types";

const HELP_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";

const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export class GeminiApiError extends Error {
  readonly httpStatus: number;
  readonly rpcStatus: string;
  readonly details: Record<string, unknown>[];

  constructor(httpStatus: number, message: string, details: Record<string, unknown>[] = []) {
    super(message);
    this.name = "GeminiApiError";
    this.httpStatus = httpStatus;
    this.rpcStatus = RPC_STATUS[httpStatus] ?? "UNKNOWN";
    this.details = details;
  }

  toBody(): WireErrorBody {
    const error: WireErrorBody["error"] = { code: this.httpStatus, message: this.message, status: this.rpcStatus };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

export function missingApiKey(): GeminiApiError {
  return new GeminiApiError(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

export function modelNotFound(model: string, method: string): GeminiApiError {
  return new GeminiApiError(
    404,
    `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  );
}

export function pathNotFound(path: string): GeminiApiError {
  return new GeminiApiError(404, `The requested URL ${path} was not found on this server.`);
}

export function invalidArgument(message: string): GeminiApiError {
  return new GeminiApiError(400, message);
}

export function invalidJson(reason: string): GeminiApiError {
  return invalidArgument(`Invalid JSON payload received. ${reason}`);
}

/** Quota error with the same three details the real API sends, RetryInfo last. */
export function quotaExceeded(model: string, retryDelaySeconds: number): GeminiApiError {
  return new GeminiApiError(
    429,
    `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${HELP_URL}. Please retry in ${retryDelaySeconds}s.`,
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaDimensions: { location: "global", model },
            quotaValue: "10",
          },
        ],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Learn more about Gemini API quotas", url: HELP_URL }],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryDelaySeconds}s` },
    ],
  );
}

export function internalError(): GeminiApiError {
  return new GeminiApiError(
    500,
    "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  );
}

export function overloaded(): GeminiApiError {
  return new GeminiApiError(503, "The model is overloaded. Please try again later.");
}

/** The error a fault rule or marker asks for. */
export function faultError(status: number, model: string, retryDelaySeconds = 2): GeminiApiError {
  if (status === 429) return quotaExceeded(model, retryDelaySeconds);
  if (status === 503) return overloaded();
  if (status === 400) return invalidArgument("Request contains an invalid argument.");
  return internalError();
}
