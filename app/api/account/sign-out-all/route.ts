// POST /api/account/sign-out-all - end every session of mine on every device
import { requireSessionUser } from "@/lib/account/require-session";
import { signOutEverywhere } from "@/lib/account/sign-out-all";
import { requestIp } from "@/lib/auth/request-ip";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { route } from "@/lib/http/route";

export const POST = route({ surface: "account", access: "user" }, async ({ identity, req }) => {
  const me = requireSessionUser(identity, "account");
  const sessions = await signOutEverywhere(me.userId, requestIp(req));
  const res = Response.json({ sessions });
  res.headers.append("set-cookie", `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return res;
});
