// npm run jobs -- <cleanup|billing-walk> - the daily housekeeping jobs, the same
// command locally (against DATABASE_URL, e.g. the embedded database of `npm run
// dev`) and in the Cloud Run jobs Cloud Scheduler starts (terraform/housekeeping.tf).
// Prints one JSON report line; exits 1 if the job failed or reported errors.
import { reconcileAllCustomers } from "../lib/billing/full-walk";
import { closeDb } from "../lib/db/client";
import { logger } from "../lib/log/logger";
import { cleanup } from "../lib/ops/cleanup";

const JOBS = {
  cleanup: async () => ({ report: await cleanup(), failed: false }),
  "billing-walk": async () => {
    const report = await reconcileAllCustomers();
    return { report, failed: report.errors.length > 0 };
  },
} as const;

const name = process.argv[2] as keyof typeof JOBS | undefined;
if (!name || !(name in JOBS)) {
  console.error(`usage: npm run jobs -- <${Object.keys(JOBS).join("|")}>`);
  process.exit(2);
}
try {
  const { report, failed } = await JOBS[name]();
  logger.info({ job: name, report }, `job ${name} done`);
  process.exitCode = failed ? 1 : 0;
} catch (err) {
  logger.error({ job: name, err }, `job ${name} failed`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
