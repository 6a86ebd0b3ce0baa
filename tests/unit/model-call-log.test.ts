// The per-call log line the log-based metrics read, and the error shape Error
// Reporting picks up (docs: a jsonPayload with the V8 stack in stack_trace).
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { logModelCall, modelCallLine } from "@/lib/log/model-call";
import type { CallUsage } from "@/lib/budget/guard";

function capture() {
  const lines: string[] = [];
  const log = createLogger({ pretty: false, level: "info", destination: { write: (l: string) => void lines.push(l) } });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const usage: CallUsage = {
  model: "gemini-2.5-flash",
  inputTokens: 1200.4,
  cachedTokens: 200,
  outputTokens: 300,
  thinkingTokens: 50,
  totalTokens: 1550,
  costMicros: 1234.6,
  estimated: false,
  latencyMs: 812.3,
  outcome: "ok",
  conversationId: "conv_1",
  messageId: "msg_1",
  purpose: "chat",
  attempts: 2,
  upstreamStatus: 429,
};

describe("model call log line", () => {
  it("is one INFO line with model, tokens by kind, integer cost and outcome", () => {
    const { log, lines } = capture();
    logModelCall(usage, log);
    const all = lines();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      severity: "INFO",
      message: "model_call",
      event: "model_call",
      model: "gemini-2.5-flash",
      purpose: "chat",
      outcome: "ok",
      inputTokens: 1200,
      cachedTokens: 200,
      outputTokens: 300,
      thinkingTokens: 50,
      costMicros: 1235,
      latencyMs: 812,
      attempts: 2,
      upstreamStatus: 429,
    });
  });

  it("carries no message text and no conversation or user ids", () => {
    const line = modelCallLine({ ...usage, attempts: undefined, upstreamStatus: undefined });
    expect(Object.keys(line).sort()).toEqual(
      [
        "attempts",
        "cachedTokens",
        "costMicros",
        "estimated",
        "event",
        "inputTokens",
        "latencyMs",
        "model",
        "outcome",
        "outputTokens",
        "purpose",
        "thinkingTokens",
        "upstreamStatus",
      ].sort(),
    );
    expect(line.attempts).toBe(1);
    expect(line.upstreamStatus).toBeNull();
  });
});

describe("server errors for Error Reporting", () => {
  it("put the stack in stack_trace on error lines with an err", () => {
    const { log, lines } = capture();
    const err = new TypeError("boom");
    log.error({ err, code: "internal:chat" }, "Something went wrong");
    const [line] = lines();
    expect(line.severity).toBe("ERROR");
    expect(line.message).toBe("Something went wrong");
    expect(String(line.stack_trace)).toMatch(/^TypeError: boom\n\s+at /);
  });

  it("leave warnings and errors without an Error object alone", () => {
    const { log, lines } = capture();
    log.warn({ err: new Error("retrying") }, "retry");
    log.error({ code: "x" }, "plain");
    expect(lines().map((l) => "stack_trace" in l)).toEqual([false, false]);
  });
});
