// POST /api/v1/chat with an API key, through the same pipeline as the UI against
// the Gemini emulator: JSON and SSE answers, persistence, metering, typed errors.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as v1chat } from "@/app/api/v1/chat/route";
import { createApiKey, revokeApiKey } from "@/lib/account/api-keys";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { sessionCookieFor } from "../helpers/auth";
import { answerText, doneEvent, readEvents, startChatEmulator } from "./chat-harness";

const call = (headers: Record<string, string>, body: unknown) =>
  v1chat(
    new NextRequest("http://localhost/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );

let emulator: GeminiEmulator;
let userId: string;
let secret: string;
let keyId: string;

beforeAll(async () => {
  emulator = await startChatEmulator();
  userId = (await getDb().user.create({ data: { email: "dev@example.com", tier: "pro" } })).id;
  const created = await createApiKey(userId, "script", null);
  secret = created.secret;
  keyId = created.key.id;
});
afterAll(() => emulator.close());

describe("POST /api/v1/chat", () => {
  it("answers one JSON object, stored and metered like the UI", async () => {
    const res = await call({ authorization: `Bearer ${secret}` }, { message: "Hello", stream: false });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { conversationId: string; messageId: string; text: string; status: string };
    expect(json.status).toBe("complete");
    expect(json.text).toContain("Offline Gemini emulator");
    const stored = await getDb().message.findUniqueOrThrow({
      where: { id: json.messageId },
      include: { conversation: true },
    });
    expect(stored.conversation.userId).toBe(userId);
    expect(stored.content).toBe(json.text);
    expect(await getDb().usageLedger.count({ where: { userId } })).toBeGreaterThan(0);
  });

  it("streams SSE by default and continues a conversation", async () => {
    const first = await call({ authorization: `Bearer ${secret}` }, { message: "One", stream: false });
    const { conversationId } = (await first.json()) as { conversationId: string };
    const res = await call({ authorization: `Bearer ${secret}` }, { message: "Two", conversationId });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readEvents(res);
    expect(answerText(events).length).toBeGreaterThan(0);
    expect(doneEvent(events).status).toBe("complete");
    expect(await getDb().message.count({ where: { conversationId } })).toBe(4);
  });

  it("uses the typed error codes", async () => {
    const bad = await call({ authorization: `Bearer ${secret}` }, { stream: false });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request:api");
    const session = await call({ cookie: await sessionCookieFor(userId) }, { message: "hi" });
    expect(session.status).toBe(401);
    expect((await session.json()).error).toMatchObject({
      code: "unauthorized:api",
      message: "Send your API key as Authorization: Bearer <key>.",
    });
    expect((await call({}, { message: "hi" })).status).toBe(401);
  });

  it("refuses the key once revoked", async () => {
    await revokeApiKey(userId, keyId, null);
    const res = await call({ authorization: `Bearer ${secret}` }, { message: "hi", stream: false });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized:api");
  });
});

describe("a failed key on the UI chat route", () => {
  it("is refused, not turned into a new guest", async () => {
    const { POST: uiChat } = await import("@/app/api/chat/route");
    const before = await getDb().user.count();
    const res = await uiChat(
      new NextRequest("http://localhost/api/chat", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer gck_revoked_or_wrong" },
        body: JSON.stringify({ message: "hi" }),
      }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await getDb().user.count()).toBe(before);
  });
});
