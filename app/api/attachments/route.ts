// POST /api/attachments - uploads one file to send with a message: the body is the
// file's bytes, X-File-Name its name (URL-encoded). Checked by content and against
// the plan's size limit before anything is stored; answers the attachment (201).
import { createAttachment, cleanName, tooLargeFor } from "@/lib/files/attachments";
import { tierLimits } from "@/lib/budget/tiers";
import { readBodyBytes } from "@/lib/http/body";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  { surface: "attachment", access: "identified", credentials: { apiKey: "chat" } },
  async ({ req, identity }) => {
    const name = cleanName(req.headers.get("x-file-name"));
    const max = tierLimits(identity.tier).attachments.maxBytes;
    const bytes = await readBodyBytes(req, max, "attachment", () => tooLargeFor(identity, name));
    return Response.json({ attachment: await createAttachment(identity, name, bytes) }, { status: 201 });
  },
);
