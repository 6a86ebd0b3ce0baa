// DELETE /api/keys/:id - revoke one of my API keys
import { revokeApiKey } from "@/lib/account/api-keys";
import { requireSessionUser } from "@/lib/account/require-session";
import { requestIp } from "@/lib/auth/request-ip";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

export const DELETE = route(
  { params: idParams, surface: "api_key", access: "user" },
  async ({ identity, params, req }) => {
    const me = requireSessionUser(identity, "api_key");
    return Response.json({ key: await revokeApiKey(me.userId, params.id, requestIp(req)) });
  },
);
