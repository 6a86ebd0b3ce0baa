// GET/DELETE /api/attachments/:id - the caller's own file (anyone else's is a 404):
// served as the type its content was found to be, never as HTML or script, or
// deleted while it has not been sent.
import { attachmentBytes, deleteAttachment, ownedAttachment } from "@/lib/files/attachments";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { params: idParams, surface: "attachment", access: "identified", credentials: { apiKey: "read" } },
  async ({ identity, params }) => {
    const row = await ownedAttachment(identity.userId, params.id);
    const bytes = await attachmentBytes(row);
    const type = row.kind === "text" ? "text/plain; charset=utf-8" : row.mimeType;
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": type,
        "content-length": String(bytes.length),
        "content-disposition": `${row.kind === "text" ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        "cache-control": "private, max-age=3600",
      },
    });
  },
);

export const DELETE = route(
  { params: idParams, surface: "attachment", access: "identified", credentials: { apiKey: "chat" } },
  async ({ identity, params }) => {
    await deleteAttachment(identity.userId, params.id);
    return new Response(null, { status: 204 });
  },
);
