import { describe, expect, it } from "vitest";
import { createLogger, traceFields } from "@/lib/log/logger";

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    pretty: false,
    level: "debug",
    destination: { write: (l: string) => void lines.push(l) },
  });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes Cloud Logging fields: severity and message", () => {
    const { log, lines } = capture();
    log.warn({ code: "rate_limit:chat" }, "slow down");
    const [line] = lines();
    expect(line.severity).toBe("WARNING");
    expect(line.message).toBe("slow down");
    expect(line.code).toBe("rate_limit:chat");
    expect(line).not.toHaveProperty("level");
  });

  it("redacts secrets wherever they appear", () => {
    const { log, lines } = capture();
    log.info(
      { headers: { authorization: "Bearer sk_live_abc", cookie: "s=1" }, apiKey: "key123", user: { password: "pw" } },
      "req",
    );
    const text = JSON.stringify(lines()[0]);
    for (const secret of ["sk_live_abc", "s=1", "key123", '"pw"']) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });

  it("reads the trace id from X-Cloud-Trace-Context", () => {
    process.env.GOOGLE_CLOUD_PROJECT = "proj-1";
    expect(traceFields("105445aa7843bc8bf206b12000100000/1;o=1")).toEqual({
      "logging.googleapis.com/trace": "projects/proj-1/traces/105445aa7843bc8bf206b12000100000",
    });
    delete process.env.GOOGLE_CLOUD_PROJECT;
    expect(traceFields(null)).toEqual({});
    expect(traceFields("not/valid!")).toEqual({});
  });
});
