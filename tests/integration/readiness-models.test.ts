// Readiness checks the configured models with models.get on the configured
// backend (here the emulator, in both URL shapes): a retired or unknown model
// keeps it red with a message naming the variable, and it turns green once fixed.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { GET as ready } from "@/app/api/ready/route";
import { resetEnvCache } from "@/lib/config/env";
import { resetModelCheck } from "@/lib/ops/model-check";
import { withGeminiEmulator } from "../helpers/gemini";

const emulator = withGeminiEmulator();
const get = () => ready(new NextRequest("http://localhost/api/ready"));

function configure(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  resetModelCheck();
}

afterEach(() =>
  configure({ GEMINI_MODEL_FAST: undefined, GEMINI_BACKEND: undefined, GOOGLE_CLOUD_PROJECT: undefined }),
);

describe("readiness and the configured models", () => {
  it("is ready when every configured model is served, and lists them", async () => {
    configure({});
    const res = await get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.models).toEqual({
      GEMINI_MODEL_FAST: "gemini-3.8-flash",
      GEMINI_MODEL_STRONG: "gemini-4-argon",
      GEMINI_MODEL_LITE: "gemini-3.5-flash-lite",
    });
    const asked = emulator()
      .requests()
      .filter((r) => r.path.startsWith("/v1beta/models/"));
    expect(asked.map((r) => r.model).sort()).toEqual(["gemini-3.5-flash-lite", "gemini-3.8-flash", "gemini-4-argon"]);
  });

  it("stays red, naming the variable, while a model is retired; green once it is fixed", async () => {
    configure({ GEMINI_MODEL_FAST: "gemini-2.5-flash", GEMINI_PRICES_JSON: undefined });
    // No price for a model the catalog does not list: that is reported first.
    let body = await (await get()).json();
    expect(body.error.reason).toContain("GEMINI_MODEL_FAST=gemini-2.5-flash is not in the model catalog");
    configure({
      GEMINI_MODEL_FAST: "gemini-2.5-flash",
      GEMINI_PRICES_JSON: JSON.stringify({ fast: { input: 300_000, cachedInput: 30_000, output: 2_500_000 } }),
    });
    const res = await get();
    expect(res.status).toBe(503);
    body = await res.json();
    expect(body.error.code).toBe("unavailable:model");
    expect(body.error.reason).toBe(
      "GEMINI_MODEL_FAST=gemini-2.5-flash: Gemini API has no such model (retired or misspelled); choose a current one (see lib/ai/catalog.ts).",
    );
    configure({ GEMINI_MODEL_FAST: undefined, GEMINI_PRICES_JSON: undefined });
    expect((await get()).status).toBe(200);
  });

  it("runs the same check against Vertex AI's URL shape", async () => {
    configure({ GEMINI_BACKEND: "vertex", GOOGLE_CLOUD_PROJECT: "demo-project", GEMINI_MODEL_FAST: undefined });
    expect((await get()).status).toBe(200);
    // Vertex's models.get of a base model is the bare publisher path, as the SDK sends it.
    const asked = emulator()
      .requests()
      .filter((r) => r.path.includes("/publishers/google/models/"));
    expect(asked.map((r) => r.path)).toContain("/v1/publishers/google/models/gemini-3.8-flash");
    configure({
      GEMINI_BACKEND: "vertex",
      GOOGLE_CLOUD_PROJECT: "demo-project",
      GEMINI_MODEL_STRONG: "gemini-2.5-pro",
      GEMINI_PRICES_JSON: JSON.stringify({ strong: { input: 1, cachedInput: 1, output: 1 } }),
    });
    const body = await (await get()).json();
    expect(body.error.reason).toContain("GEMINI_MODEL_STRONG=gemini-2.5-pro: Vertex AI has no such model");
    configure({ GEMINI_MODEL_STRONG: undefined, GEMINI_PRICES_JSON: undefined });
  });
});
