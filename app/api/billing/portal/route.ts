// POST /api/billing/portal - opens the Stripe Customer Portal for the signed-in user.
import { createPortal } from "@/lib/billing/portal";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ surface: "billing", access: "user" }, async ({ identity }) =>
  Response.json({ url: await createPortal(identity.userId) }),
);
