// Every model call a chat turn makes writes one model_call line with the same
// tokens and cost the ledger records, and none of the conversation's text.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { query, sql } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import { MODEL_CALL_EVENT } from "@/lib/log/model-call";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { answerText, createUser, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

describe("model call log line", () => {
  it("is written once per call with the ledger's numbers and no text", async () => {
    const info = vi.spyOn(logger, "info");
    try {
      const user = await createUser("pro");
      const message = "A secret sentence about pelicans";
      const res = await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message } }));
      const answer = answerText(await readEvents(res));
      const lines = info.mock.calls
        .filter((args) => args[1] === MODEL_CALL_EVENT)
        .map((args) => args[0] as unknown as Record<string, unknown>);
      expect(lines).toHaveLength(1);
      const [ledger] = await query<Record<string, unknown>>(
        sql`SELECT model, input_tokens, output_tokens, cost_micros FROM usage_ledger WHERE user_id = ${user.id}`,
      );
      expect(lines[0]).toMatchObject({
        event: "model_call",
        model: ledger.model,
        purpose: "chat",
        outcome: "ok",
        inputTokens: Number(ledger.input_tokens),
        outputTokens: Number(ledger.output_tokens),
        costMicros: Number(ledger.cost_micros),
        attempts: 1,
        upstreamStatus: null,
      });
      const text = JSON.stringify(lines[0]);
      expect(text).not.toContain("pelicans");
      expect(text).not.toContain(answer.slice(0, 20));
    } finally {
      info.mockRestore();
    }
  });
});
