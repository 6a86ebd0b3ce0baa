// GET /api/account/export - download everything stored about me as JSON
import { exportUserData, toJson } from "@/lib/account/export";
import { requireSessionUser } from "@/lib/account/require-session";
import { requestIp } from "@/lib/auth/request-ip";
import { route } from "@/lib/http/route";

export const GET = route({ surface: "account", access: "user" }, async ({ identity, req }) => {
  const me = requireSessionUser(identity, "account");
  const data = await exportUserData(me.userId, requestIp(req));
  return new Response(toJson(data), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="gemini-chat-export-${new Date().toISOString().slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  });
});
