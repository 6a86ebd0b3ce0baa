// PATCH /api/admin/users/:id/tier - admin override of a user's tier and token budgets (audited)
import { z } from "zod";
import { Tier } from "@/lib/db/generated/enums";
import { requestIp } from "@/lib/auth/request-ip";
import { overrideBudget } from "@/lib/budget/admin-override";
import { idParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";

const tokens = z.number().int().min(0).max(1_000_000_000_000).nullable().optional();

const body = z
  .object({
    tierOverride: z.enum(Tier).nullable().optional(),
    dailyTokenOverride: tokens,
    monthTokenOverride: tokens,
  })
  .strict()
  .refine(
    (b) => Object.keys(b).length > 0,
    "Give at least one of tierOverride, dailyTokenOverride, monthTokenOverride",
  );

export const PATCH = route(
  { params: idParams, surface: "admin", access: "admin", body },
  async ({ identity, params, body, req }) => {
    const result = await overrideBudget({
      actorId: identity.userId,
      userId: params.id,
      ip: requestIp(req),
      change: body,
    });
    return Response.json(result);
  },
);
