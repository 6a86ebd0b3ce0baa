// npm run db:migration -- <name>
// Creates prisma/migrations/<timestamp>_<name>/migration.sql offline: starts a
// throwaway embedded PostgreSQL, applies the committed migrations, and diffs that
// database against prisma/schema.prisma. (prisma migrate dev cannot run here.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy, runPrisma } from "../lib/db/migrate";

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <name>   (name: lowercase letters, digits, _)");
    process.exit(2);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "migration-pg-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "data"),
    port: await freePort(),
    durable: false,
  });
  try {
    const hasMigrations = fs.existsSync("prisma/migrations");
    if (hasMigrations) await migrateDeploy(pg.url);
    // With a driver adapter the CLI diffs from the migrations folder (replayed in a
    // shadow database the adapter creates), not from a live datasource.
    const from = hasMigrations ? ["--from-migrations", "prisma/migrations"] : ["--from-empty"];
    const sql = await runPrisma(
      ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      pg.url,
    );
    const body = sql
      .split("\n")
      .filter((l) => !l.startsWith("Prisma config detected") && !l.startsWith("Loaded Prisma config"))
      .join("\n")
      .trim();
    if (!body || body === "-- This is an empty migration.") {
      console.log("The schema matches the migrations: nothing to create.");
      return;
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), body + "\n");
    if (!fs.existsSync("prisma/migrations/migration_lock.toml")) {
      fs.writeFileSync("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n');
    }
    console.log(`Created ${dir}/migration.sql`);
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
