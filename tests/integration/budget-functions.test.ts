// The budget functions the migrated database runs are exactly their source of
// record, lib/budget/functions/budget.sql, and the migration form the script
// prints turns back into the same bodies.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { query, sql, Sql } from "@/lib/db/sql";
import { migrationStatement, sqlFunctions } from "@/scripts/sql-functions";

const source = readFileSync(path.join(import.meta.dirname, "../../lib/budget/functions/budget.sql"), "utf8");
const functions = sqlFunctions(source);

describe("budget functions", () => {
  it("are the source of record's, body for body", async () => {
    expect(functions.map((f) => f.name)).toEqual(["budget_account_key", "budget_broken", "budget_reserve"]);
    for (const fn of functions) {
      const rows = await query<{ prosrc: string }>(sql`SELECT prosrc FROM pg_proc WHERE proname = ${fn.name}`);
      expect(rows, fn.name).toHaveLength(1);
      expect(rows[0]!.prosrc, fn.name).toBe(fn.body);
    }
  });

  it("print as migration statements without a bare semicolon inside a body", async () => {
    const reserve = functions.find((f) => f.name === "budget_reserve")!;
    const statement = migrationStatement(reserve);
    // Split as Prisma's adapter splits: one statement, the semicolon at its end.
    expect(statement.split(";")).toEqual([statement.slice(0, -1), ""]);
    // PostgreSQL reads the E'' string back into the same body.
    const literal = statement.slice(statement.indexOf("E'"), -1);
    const [row] = await query<{ body: string }>(new Sql([`SELECT ${literal}::text AS body`], []));
    expect(row!.body).toBe(reserve.body);
  });

  it("judge the budget rule in one function: a limit is broken by use over it, none by no limit", async () => {
    const broken = async (use: [number, number, number], limits: [number | null, number | null, number | null]) => {
      const [row] = await query<{ b: string[] }>(
        sql`SELECT budget_broken(${use[0]}, ${use[1]}, ${use[2]}, ${limits[0]}, ${limits[1]}, ${limits[2]}) AS b`,
      );
      return row!.b;
    };
    const limits: [number, number, number] = [100, 100, 500_000];
    expect(await broken([100, 100, 500_000], limits)).toEqual([]);
    expect(await broken([101, 101, 0], limits)).toEqual(["day", "month"]);
    expect(await broken([101, 40, 0], limits)).toEqual(["day"]);
    expect(await broken([0, 0, 500_001], limits)).toEqual(["cost"]);
    expect(await broken([10 ** 12, 10 ** 12, 10 ** 12], [null, null, null])).toEqual([]);
  });
});
