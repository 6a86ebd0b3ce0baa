// GET /api/conversations/:id/export - one of the caller's conversations as a Markdown download
import { getOwnedConversation, listMessageViews } from "@/lib/chat/conversations";
import { conversationMarkdown, exportFileName } from "@/lib/chat/markdown-export";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: idParams, surface: "conversation", access: "identified", credentials: { apiKey: "read" } },
  async ({ identity, params }) => {
    const c = await getOwnedConversation(identity.userId, params.id);
    const markdown = conversationMarkdown(c.title, await listMessageViews(c.id));
    return new Response(markdown, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(c.title))}`,
        "cache-control": "private, no-store",
      },
    });
  },
);
