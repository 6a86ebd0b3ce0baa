// GET /api/keys - list my API keys; POST /api/keys - create one with its scopes (secret shown once)
import { z } from "zod";
import { createApiKey, listApiKeys } from "@/lib/account/api-keys";
import { requireSessionUser } from "@/lib/account/require-session";
import { DEFAULT_SCOPES, scopesSchema } from "@/lib/auth/api-key-scopes";
import { requestIp } from "@/lib/auth/request-ip";
import { route } from "@/lib/http/route";

export const GET = route({ surface: "api_key", access: "user" }, async ({ identity }) => {
  const me = requireSessionUser(identity, "api_key");
  return Response.json({ keys: await listApiKeys(me.userId) });
});

export const POST = route(
  {
    surface: "api_key",
    access: "user",
    body: z.object({ name: z.string().trim().min(1).max(60), scopes: scopesSchema.default(DEFAULT_SCOPES) }),
  },
  async ({ identity, body, req }) => {
    const me = requireSessionUser(identity, "api_key");
    const created = await createApiKey(me.userId, body.name, requestIp(req), body.scopes);
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
