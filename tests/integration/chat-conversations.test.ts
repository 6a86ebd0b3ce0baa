// Conversation routes are scoped to their owner: list, read, rename, delete, and
// another user's id answers 404 exactly like a missing one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { GET as list } from "@/app/api/conversations/route";
import { DELETE as remove, GET as read, PATCH as rename } from "@/app/api/conversations/[id]/route";
import { GET as messages } from "@/app/api/conversations/[id]/messages/route";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createUser, ctx, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());

async function startConversation(cookie: string, message: string): Promise<string> {
  const meta = (await readEvents(await chat(request("/api/chat", { method: "POST", cookie, body: { message } }))))[0];
  if (meta.type !== "meta") throw new Error("meta first");
  return meta.conversationId;
}

describe("conversation routes", () => {
  it("refuse a malformed id with 400 before looking anything up", async () => {
    const owner = await createUser();
    for (const id of ["../users", "a b", "x".repeat(65), ""]) {
      const res = await read(
        request(`/api/conversations/${encodeURIComponent(id)}`, { cookie: owner.cookie }),
        ctx(id),
      );
      expect(res.status, JSON.stringify(id)).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "bad_request:conversation", message: "Invalid path: id: not an id" });
    }
    // A well-formed id that is nobody's is still the plain 404.
    const res = await remove(
      request(`/api/conversations/c${"0".repeat(24)}`, { method: "DELETE", cookie: owner.cookie }),
      ctx(`c${"0".repeat(24)}`),
    );
    expect(res.status).toBe(404);
  });

  it("lists newest first, reads, renames and deletes only the owner's conversations", async () => {
    const owner = await createUser();
    const other = await createUser();
    const older = await startConversation(owner.cookie, "First topic");
    const newer = await startConversation(owner.cookie, "Second topic");

    const listed = await (await list(request("/api/conversations", { cookie: owner.cookie }))).json();
    expect(listed.conversations.map((c: { id: string }) => c.id)).toEqual([newer, older]);
    expect(listed.conversations[0].title).toBe("Second topic");
    expect((await (await list(request("/api/conversations", { cookie: other.cookie }))).json()).conversations).toEqual(
      [],
    );
    expect((await (await list(request("/api/conversations"))).json()).conversations).toEqual([]);

    const got = await (await read(request(`/api/conversations/${older}`, { cookie: owner.cookie }), ctx(older))).json();
    expect(got.messages.map((m: { role: string }) => m.role)).toEqual(["user", "model"]);
    const msgs = await (
      await messages(request(`/api/conversations/${older}/messages`, { cookie: owner.cookie }), ctx(older))
    ).json();
    expect(msgs.messages[0].content).toBe("First topic");

    for (const res of [
      await read(request(`/api/conversations/${older}`, { cookie: other.cookie }), ctx(older)),
      await messages(request(`/api/conversations/${older}/messages`, { cookie: other.cookie }), ctx(older)),
      await rename(
        request(`/api/conversations/${older}`, { method: "PATCH", cookie: other.cookie, body: { title: "x" } }),
        ctx(older),
      ),
      await remove(request(`/api/conversations/${older}`, { method: "DELETE", cookie: other.cookie }), ctx(older)),
      await read(request(`/api/conversations/nope`, { cookie: owner.cookie }), ctx("nope")),
    ]) {
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found:conversation");
    }

    const renamed = await rename(
      request(`/api/conversations/${older}`, { method: "PATCH", cookie: owner.cookie, body: { title: "  Renamed  " } }),
      ctx(older),
    );
    expect((await renamed.json()).conversation.title).toBe("Renamed");
    const empty = await rename(
      request(`/api/conversations/${older}`, { method: "PATCH", cookie: owner.cookie, body: { title: " " } }),
      ctx(older),
    );
    expect(empty.status).toBe(400);

    expect(
      (await remove(request(`/api/conversations/${older}`, { method: "DELETE", cookie: owner.cookie }), ctx(older)))
        .status,
    ).toBe(204);
    expect(await getDb().message.count({ where: { conversationId: older } })).toBe(0);
    // The ledger keeps the cost history of deleted conversations.
    expect(await getDb().usageLedger.count({ where: { conversationId: older } })).toBe(1);
  });
});
