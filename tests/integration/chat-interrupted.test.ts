// An answer cut off by a stopped server (its turn never stored a final state)
// must not stay "streaming" forever: once its lease lapses it reads as an
// interrupted error, and the user can retry it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { GET as getConversation } from "@/app/api/conversations/[id]/route";
import type { MessageView } from "@/lib/chat/conversations";
import { INTERRUPTED_DETAIL, keepAlive, STREAM_LEASE_MS } from "@/lib/chat/stream-lease";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, ctx, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** A conversation whose last answer was left "streaming", with its lease ending at `aliveUntil`. */
async function cutOffConversation(userId: string, aliveUntil: Date | null, createdAt = new Date()) {
  const convo = await getDb().conversation.create({ data: { userId, title: "cut off" } });
  await getDb().message.create({
    data: {
      conversationId: convo.id,
      role: "user",
      content: "Tell me a story",
      createdAt: new Date(createdAt.getTime() - 1),
    },
  });
  const answer = await getDb().message.create({
    data: { conversationId: convo.id, role: "model", content: "", status: "streaming", aliveUntil, createdAt },
  });
  return { conversationId: convo.id, answerId: answer.id };
}

async function messagesOf(cookie: string, conversationId: string): Promise<MessageView[]> {
  const res = await getConversation(request(`/api/conversations/${conversationId}`, { cookie }), ctx(conversationId));
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: MessageView[] }).messages;
}

describe("answers cut off by a stopped server", () => {
  it("reads a lapsed streaming answer as interrupted, in the response and in the database", async () => {
    const user = await createUser();
    const { conversationId, answerId } = await cutOffConversation(user.id, new Date(Date.now() - 1_000));
    const answer = (await messagesOf(user.cookie, conversationId)).at(-1)!;
    expect(answer).toMatchObject({ id: answerId, status: "error", statusDetail: INTERRUPTED_DETAIL });
    const row = await getDb().message.findUniqueOrThrow({ where: { id: answerId } });
    expect(row.status).toBe("error");
  });

  it("leaves an answer whose lease is live as streaming", async () => {
    const user = await createUser();
    const { conversationId } = await cutOffConversation(user.id, new Date(Date.now() + 60_000));
    expect((await messagesOf(user.cookie, conversationId)).at(-1)?.status).toBe("streaming");
  });

  it("counts the lease of a row stored before leases existed from its creation", async () => {
    const user = await createUser();
    const old = await cutOffConversation(user.id, null, new Date(Date.now() - STREAM_LEASE_MS - 1_000));
    const recent = await cutOffConversation(user.id, null, new Date());
    expect((await messagesOf(user.cookie, old.conversationId)).at(-1)?.status).toBe("error");
    expect((await messagesOf(user.cookie, recent.conversationId)).at(-1)?.status).toBe("streaming");
  });

  it("lets the user retry an interrupted answer", async () => {
    const user = await createUser();
    const { conversationId, answerId } = await cutOffConversation(user.id, new Date(Date.now() - 1_000));
    const retried = await chat(
      request("/api/chat", { method: "POST", cookie: user.cookie, body: { conversationId, retryOf: answerId } }),
    );
    expect(retried.status).toBe(200);
    const done = doneEvent(await readEvents(retried));
    expect(done.status).toBe("complete");
    const messages = await messagesOf(user.cookie, conversationId);
    expect(messages.map((m) => m.status)).toEqual(["complete", "complete"]);
    expect(messages.some((m) => m.id === answerId)).toBe(false);
  });

  it("renews the lease while the turn runs, and stops when told", async () => {
    const user = await createUser();
    const { answerId } = await cutOffConversation(user.id, new Date(Date.now() + 500));
    const stop = keepAlive(answerId, undefined, 30);
    await new Promise((r) => setTimeout(r, 150));
    stop();
    const renewed = await getDb().message.findUniqueOrThrow({ where: { id: answerId } });
    expect(renewed.aliveUntil!.getTime()).toBeGreaterThan(Date.now() + STREAM_LEASE_MS - 5_000);
    await getDb().message.update({ where: { id: answerId }, data: { aliveUntil: new Date(0) } });
    await new Promise((r) => setTimeout(r, 100));
    const after = await getDb().message.findUniqueOrThrow({ where: { id: answerId } });
    expect(after.aliveUntil!.getTime()).toBe(0);
  });

  it("clears the lease when a turn stores its answer", async () => {
    const user = await createUser();
    const res = await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "hello" } }));
    const done = doneEvent(await readEvents(res));
    const row = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(row).toMatchObject({ status: "complete", aliveUntil: null });
  });
});
