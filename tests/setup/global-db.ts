// One embedded PostgreSQL per test run. Migrations are applied once to a template
// database; each test file then gets its own copy (see worker-db.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrateDeploy } from "../../lib/db/migrate";

export const TEMPLATE_DB = "test_template";

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vitest-pg-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    database: TEMPLATE_DB,
    quiet: true,
    durable: false, // a throwaway database: speed over crash safety
  });
  await migrateDeploy(pg.url);
  project.provide("pgAdminUrl", pg.adminUrl("postgres"));
  project.provide("pgTemplateDb", TEMPLATE_DB);
  return async () => {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
  }
}
