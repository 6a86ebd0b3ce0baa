// The footer's services line: which outside services are real and which are stand-ins.
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { servicesStatus } from "@/lib/config/services";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function gemini(vars: Record<string, string>) {
  for (const key of ["GEMINI_API_KEY", "GEMINI_BASE_URL", "GEMINI_BACKEND", "GOOGLE_CLOUD_PROJECT"])
    delete process.env[key];
  Object.assign(process.env, { DATABASE_URL: "postgresql://x@localhost/db" }, vars);
  resetEnvCache();
  return servicesStatus().find((s) => s.name === "Gemini");
}

describe("services status", () => {
  it("shows the Gemini API as real with a key, the emulator without one", () => {
    expect(gemini({ GEMINI_API_KEY: "k" })).toMatchObject({ mode: "real", detail: "Gemini API" });
    expect(gemini({ GEMINI_BASE_URL: "http://127.0.0.1:9/" })).toMatchObject({
      mode: "local",
      detail: "offline Gemini emulator",
    });
  });

  it("shows Vertex AI as real with no API key, the emulator when pointed at it", () => {
    const vertex = { GEMINI_BACKEND: "vertex", GOOGLE_CLOUD_PROJECT: "p" };
    expect(gemini(vertex)).toMatchObject({ mode: "real", detail: "Vertex AI" });
    expect(gemini({ ...vertex, GEMINI_BASE_URL: "http://127.0.0.1:9/" })).toMatchObject({
      mode: "local",
      detail: "offline Gemini emulator",
    });
  });
});
