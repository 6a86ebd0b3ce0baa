// Prints the migration text for every function in a source-of-record .sql file:
//   npx tsx scripts/sql-function-migration.ts lib/budget/functions/budget.sql > migration.sql
import { readFileSync } from "node:fs";
import { migrationStatement, sqlFunctions } from "./sql-functions";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx scripts/sql-function-migration.ts <functions.sql>");
  process.exit(2);
}
const functions = sqlFunctions(readFileSync(file, "utf8"));
if (functions.length === 0) {
  console.error(`${file}: no CREATE OR REPLACE FUNCTION ... AS $$ ... $$; found`);
  process.exit(1);
}
console.log(functions.map(migrationStatement).join("\n\n"));
