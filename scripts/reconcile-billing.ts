// Full billing reconciliation from the command line (same walk as the admin action):
//   DATABASE_URL=... STRIPE_SECRET_KEY=... npx tsx scripts/reconcile-billing.ts
// Prints the JSON report; exits 1 if any customer failed.
import { reconcileAllCustomers } from "../lib/billing/full-walk";
import { closeDb } from "../lib/db/client";

const report = await reconcileAllCustomers();
console.log(JSON.stringify(report, null, 2));
console.log(
  `${report.customers} customers, ${report.fixed.length} fixed, ${report.unlinked} unlinked, ${report.errors.length} errors`,
);
await closeDb();
process.exit(report.errors.length > 0 ? 1 : 0);
