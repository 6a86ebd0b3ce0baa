// Gives each test file a fresh database cloned from the migrated template, so
// files never share state and can run in parallel.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { parseDatabaseUrl, buildDatabaseUrl } from "../../lib/db/pg-config";

const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplateDb");
const name = `t_${crypto.randomBytes(6).toString("hex")}`;

const admin = new pg.Client(parseDatabaseUrl(adminUrl));
await admin.connect();
await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
await admin.end();

process.env.DATABASE_URL = buildDatabaseUrl({ ...parseDatabaseUrl(adminUrl), database: name });

afterAll(async () => {
  const { closeDb } = await import("../../lib/db/client");
  await closeDb();
});
