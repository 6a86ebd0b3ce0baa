// The same chat path on Vertex AI (GEMINI_BACKEND=vertex): the real SDK in Vertex
// mode, bearer-token auth, the /v1/projects/{p}/locations/{l}/publishers/google/models/{m}
// URL shape, and Vertex's usage reporting (counts on the last chunk only, no role tokens).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
  process.env.GEMINI_BACKEND = "vertex";
  process.env.GOOGLE_CLOUD_PROJECT = "demo-project";
  process.env.GOOGLE_CLOUD_LOCATION = "us-central1";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.GEMINI_BACKEND;
  delete process.env.GOOGLE_CLOUD_PROJECT;
  delete process.env.GOOGLE_CLOUD_LOCATION;
  resetEnvCache();
  await emulator.close();
});

describe("chat on Vertex AI", () => {
  it("streams, meters and stores an answer through the Vertex URL shape", async () => {
    const user = await createUser("pro");
    const events = await readEvents(
      await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "Hello there" } })),
    );
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.usage.estimated).toBe(false);
    expect(done.usage.inputTokens).toBeGreaterThan(0);
    const call = emulator.requests().find((r) => r.method === "streamGenerateContent");
    expect(call?.path).toBe(
      "/v1/projects/demo-project/locations/us-central1/publishers/google/models/gemini-3.8-flash:streamGenerateContent",
    );
    expect(call?.status).toBe(200);
    const row = await getDb().usageLedger.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.inputTokens).toBe(done.usage.inputTokens);
    expect(row.thinkingTokens).toBe(done.usage.thinkingTokens);
  });
});
