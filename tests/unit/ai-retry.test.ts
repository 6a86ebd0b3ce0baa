import { ApiError } from "@google/genai";
import { describe, expect, it } from "vitest";
import { classifyFailure, parseDuration, retryDelayFromApiError } from "@/lib/ai/gemini-errors";
import { backoffDelay } from "@/lib/ai/stream-model";

const body429 = JSON.stringify({
  error: {
    code: 429,
    status: "RESOURCE_EXHAUSTED",
    message: "quota",
    details: [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure" },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" },
    ],
  },
});
const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 5_000, idleTimeoutMs: 1_000 };

describe("retry decisions", () => {
  it("reads RetryInfo from the SDK's ApiError message", () => {
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("soon")).toBeNull();
    expect(retryDelayFromApiError(new ApiError({ message: body429, status: 429 }))).toBe(7000);
    expect(retryDelayFromApiError(new ApiError({ message: "<html>bad gateway</html>", status: 502 }))).toBeNull();
  });

  it("retries 429, 5xx and broken connections; not 400s or a stop by the user", () => {
    expect(classifyFailure(new ApiError({ message: body429, status: 429 }))).toMatchObject({
      kind: "retryable",
      retryDelayMs: 7000,
    });
    expect(classifyFailure(new ApiError({ message: "{}", status: 503 })).kind).toBe("retryable");
    expect(classifyFailure(new TypeError("terminated")).kind).toBe("retryable");
    expect(classifyFailure(new ApiError({ message: "{}", status: 400 })).kind).toBe("fatal");
    const stopped = new AbortController();
    stopped.abort();
    expect(classifyFailure(new Error("aborted"), stopped.signal).kind).toBe("aborted");
  });

  it("waits as RetryInfo asks, capped, else backs off exponentially", () => {
    const withInfo = classifyFailure(new ApiError({ message: body429, status: 429 }));
    expect(backoffDelay(0, withInfo, policy)).toBe(5_000);
    expect(backoffDelay(0, { ...withInfo, retryDelayMs: 1_000 }, policy)).toBe(1_000);
    const without = { ...withInfo, retryDelayMs: null };
    expect([0, 1, 2].map((a) => backoffDelay(a, without, policy))).toEqual([100, 200, 400]);
  });
});
