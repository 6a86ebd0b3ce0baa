// GET /api/conversations/:id/messages - the messages of one of the caller's conversations, oldest first
import { getOwnedConversation, listMessageViews } from "@/lib/chat/conversations";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: idParams, surface: "conversation", access: "identified", credentials: { apiKey: "read" } },
  async ({ identity, params }) => {
    const c = await getOwnedConversation(identity.userId, params.id);
    return Response.json({ messages: await listMessageViews(c.id) });
  },
);
