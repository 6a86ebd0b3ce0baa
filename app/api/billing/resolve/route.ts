// POST /api/billing/resolve - returns the Checkout or Portal URL that fits the user's current billing state.
import { z } from "zod";
import { resolveBillingUrl } from "@/lib/billing/resolve";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.object({ priceId: z.string().min(1).max(200).optional() });

export const POST = route({ surface: "billing", access: "user", body }, async ({ body, identity }) =>
  Response.json(await resolveBillingUrl(identity.userId, body.priceId)),
);
