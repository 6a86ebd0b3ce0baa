// The emulator's one error type: a google.rpc.Status with its HTTP status,
// serialised exactly like the real API's error bodies so the SDK's ApiError
// (and our app's mapping of it) sees what production would send.
import type { WireErrorBody } from "./types";

const HELP_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";

const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
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

/** A key the API does not know: 400, not 401/403, with ErrorInfo reason API_KEY_INVALID. */
export function apiKeyInvalid(): GeminiApiError {
  const message = "API key not valid. Please pass a valid API key.";
  return new GeminiApiError(400, message, [
    {
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "API_KEY_INVALID",
      domain: "googleapis.com",
      metadata: { service: "generativelanguage.googleapis.com" },
    },
    { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message },
  ]);
}

/** Vertex AI without a bearer token. */
export function unauthenticated(): GeminiApiError {
  return new GeminiApiError(
    401,
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  );
}

/** Vertex AI's answer for an unknown or retired model. */
export function publisherModelNotFound(project: string, location: string, model: string): GeminiApiError {
  return new GeminiApiError(
    404,
    `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
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

/**
 * Quota error with the details the real API sends, RetryInfo last. A null delay
 * leaves RetryInfo out, as the API does for some quotas (e.g. per-day ones):
 * a client must then choose its own backoff.
 */
export function quotaExceeded(model: string, retryDelaySeconds: number | null): GeminiApiError {
  const retry = retryDelaySeconds === null ? "" : ` Please retry in ${retryDelaySeconds}s.`;
  return new GeminiApiError(
    429,
    `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${HELP_URL}.${retry}`,
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
      ...(retryDelaySeconds === null
        ? []
        : [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryDelaySeconds}s` }]),
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
export function faultError(status: number, model: string, retryDelaySeconds: number | null = 2): GeminiApiError {
  if (status === 429) return quotaExceeded(model, retryDelaySeconds);
  if (status === 503) return overloaded();
  if (status === 400) return invalidArgument("Request contains an invalid argument.");
  return internalError();
}
