// POST /api/admin/billing/reconcile - walks every Stripe customer, fixes drift and reports it.
import { reconcileAllCustomers } from "@/lib/billing/full-walk";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
// A walk over many customers outlasts the default function budget.
export const maxDuration = 300;

export const POST = route({ surface: "admin", access: "admin" }, async ({ identity, log }) => {
  const report = await reconcileAllCustomers();
  log.info({ adminId: identity.userId, customers: report.customers, fixed: report.fixed.length }, "billing walk");
  return Response.json(report);
});
