// GET/PATCH/DELETE /api/conversations/:id - reads, renames or deletes one of the caller's conversations
import { z } from "zod";
import {
  deleteConversation,
  getOwnedConversation,
  listMessageViews,
  renameConversation,
  TITLE_MAX,
} from "@/lib/chat/conversations";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: idParams, surface: "conversation", access: "identified", credentials: { apiKey: "read" } },
  async ({ identity, params }) => {
    const c = await getOwnedConversation(identity.userId, params.id);
    const messages = await listMessageViews(c.id);
    return Response.json({
      conversation: { id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt },
      messages,
    });
  },
);

const renameBody = z.object({ title: z.string().trim().min(1, "A title cannot be empty.").max(TITLE_MAX) });

export const PATCH = route(
  { params: idParams, surface: "conversation", access: "identified", body: renameBody },
  async ({ identity, params, body }) =>
    Response.json({ conversation: await renameConversation(identity.userId, params.id, body.title) }),
);

export const DELETE = route(
  { params: idParams, surface: "conversation", access: "identified" },
  async ({ identity, params }) => {
    await deleteConversation(identity.userId, params.id);
    return new Response(null, { status: 204 });
  },
);
