// PATCH /api/admin/switches - turn the strong model, guest chat or new sign-ups on or off (audited)
import { z } from "zod";
import { requestIp } from "@/lib/auth/request-ip";
import { route } from "@/lib/http/route";
import { setSwitches } from "@/lib/ops/switches";

const body = z
  .object({ strongModel: z.boolean(), guestChat: z.boolean(), signUps: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Give at least one of strongModel, guestChat, signUps (true or false)");

export const PATCH = route({ surface: "admin", access: "admin", body }, async ({ identity, body, req }) =>
  Response.json(await setSwitches({ actorId: identity.userId, ip: requestIp(req), change: body })),
);
