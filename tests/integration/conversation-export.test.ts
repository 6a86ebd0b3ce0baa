// "Export as Markdown" for the owner: the conversation as a .md download.
import { describe, expect, it } from "vitest";
import { GET as exportConversation } from "@/app/api/conversations/[id]/export/route";
import { getDb } from "@/lib/db/client";
import { createUser, ctx, request } from "./chat-harness";

describe("conversation export", () => {
  it("downloads the owner's conversation as Markdown", async () => {
    const user = await createUser("free");
    const db = getDb();
    const convo = await db.conversation.create({ data: { userId: user.id, title: "Trip to Porto" } });
    await db.message.create({
      data: { conversationId: convo.id, role: "user", content: "Where to eat?", createdAt: new Date(Date.now() - 1) },
    });
    await db.message.create({
      data: { conversationId: convo.id, role: "model", content: "Try a francesinha.", model: "gemini-3.8-flash" },
    });
    const res = await exportConversation(
      request(`/api/conversations/${convo.id}/export`, { cookie: user.cookie }),
      ctx(convo.id),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''Trip-to-Porto.md");
    const md = await res.text();
    expect(md).toContain("# Trip to Porto");
    expect(md.indexOf("## You")).toBeLessThan(md.indexOf("## Assistant (gemini-3.8-flash)"));
    expect(md).toContain("Try a francesinha.");
  });
});
