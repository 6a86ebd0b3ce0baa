// GET /api/account - my profile and preferences; PATCH - update them; DELETE - delete my account
import { z } from "zod";
import { deleteAccount } from "@/lib/account/delete-account";
import { preferencesPatchSchema } from "@/lib/account/preferences";
import { getProfile, updateProfile } from "@/lib/account/profile";
import { requireSessionUser } from "@/lib/account/require-session";
import { requestIp } from "@/lib/auth/request-ip";
import { clearGuestCookie } from "@/lib/auth/guest";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { route } from "@/lib/http/route";

export const GET = route({ surface: "account", access: "user" }, async ({ identity }) => {
  const me = requireSessionUser(identity, "account");
  return Response.json({ profile: await getProfile(me.userId) });
});

const patchBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  preferences: preferencesPatchSchema.optional(),
});

export const PATCH = route({ surface: "account", access: "user", body: patchBody }, async ({ identity, body }) => {
  const me = requireSessionUser(identity, "account");
  return Response.json({ profile: await updateProfile(me, body) });
});

export const DELETE = route(
  { surface: "account", access: "user", body: z.object({ confirmEmail: z.string().min(1) }) },
  async ({ identity, body, req }) => {
    const me = requireSessionUser(identity, "account");
    await deleteAccount(me.userId, body.confirmEmail, requestIp(req));
    const res = Response.json({ deleted: true });
    res.headers.append("set-cookie", `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.headers.append("set-cookie", clearGuestCookie());
    return res;
  },
);
