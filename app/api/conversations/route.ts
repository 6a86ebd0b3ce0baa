// GET /api/conversations - lists the caller's conversations, newest first
import { listConversations } from "@/lib/chat/conversations";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { surface: "conversation", access: "public", identify: true, credentials: { apiKey: "read" } },
  async ({ identity }) => {
    // A newcomer without a cookie has no conversations yet (GET never creates a guest).
    const conversations = identity ? await listConversations(identity.userId) : [];
    return Response.json({ conversations });
  },
);
