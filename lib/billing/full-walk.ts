// Full reconciliation: every customer Stripe knows plus every customer our
// users point at, each reconciled as a webhook would. Reports the drift it fixed
// (missed events, expired grace periods, periods that ended without an event).
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { reconcileCustomer, type ReconcileResult } from "./reconcile";
import { getStripe } from "./stripe-client";

export interface WalkReport {
  customers: number;
  unlinked: number;
  fixed: Array<Pick<ReconcileResult, "customerId" | "userId" | "previousTier" | "tier">>;
  errors: Array<{ customerId: string; message: string }>;
}

export async function reconcileAllCustomers(opts: { now?: Date } = {}): Promise<WalkReport> {
  const ids = new Set<string>();
  for await (const customer of getStripe().customers.list({ limit: 100 })) ids.add(customer.id);
  const ours = await getDb().user.findMany({
    where: { stripeCustomerId: { not: null } },
    select: { stripeCustomerId: true },
  });
  for (const u of ours) if (u.stripeCustomerId) ids.add(u.stripeCustomerId);

  const report: WalkReport = { customers: ids.size, unlinked: 0, fixed: [], errors: [] };
  for (const customerId of ids) {
    try {
      const r = await reconcileCustomer(customerId, opts);
      if (!r.userId) report.unlinked += 1;
      if (r.changed) report.fixed.push({ customerId, userId: r.userId, previousTier: r.previousTier, tier: r.tier });
    } catch (err) {
      // One broken customer must not stop the walk; it is reported and logged.
      logger.error({ customerId, err }, "billing walk: reconcile failed");
      report.errors.push({ customerId, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
