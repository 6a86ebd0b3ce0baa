import { describe, expect, it } from "vitest";
import { joinSql, query, sql, transaction } from "@/lib/db/sql";

describe("plain SQL helper", () => {
  it("numbers composed fragments' parameters and reads timestamps back as UTC", async () => {
    const at = new Date("2026-03-10T23:30:00.123Z");
    const parts = joinSql([sql`${1}::int AS a`, sql`${"two"}::text AS b`, sql`${at}::timestamp AS c`]);
    const [row] = await query<{ a: number; b: string; c: Date }>(sql`SELECT ${parts}`);
    expect(row).toEqual({ a: 1, b: "two", c: at });
  });

  it("commits a transaction's writes, and rolls them all back when it throws", async () => {
    await query(sql`CREATE TABLE IF NOT EXISTS tx_probe (id text PRIMARY KEY)`);
    await transaction(async (tx) => {
      await query(sql`INSERT INTO tx_probe VALUES ('kept')`, tx);
    });
    await expect(
      transaction(async (tx) => {
        await query(sql`INSERT INTO tx_probe VALUES ('undone')`, tx);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await query<{ id: string }>(sql`SELECT id FROM tx_probe ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(["kept"]);
  });

  it("ends a transaction left idle past its timeout, releasing its locks, and the pool still works", async () => {
    const key = 424242;
    await expect(
      transaction(
        async (tx) => {
          await query(sql`SELECT pg_advisory_xact_lock(${key})`, tx);
          await new Promise((r) => setTimeout(r, 600)); // a stuck outside call
          await query(sql`SELECT 1`, tx);
        },
        { idleTimeoutMs: 150 },
      ),
    ).rejects.toThrow();
    // The lock went with the ended session: another transaction takes it at once.
    const got = await transaction(async (tx) => {
      const [r] = await query<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${key}) AS ok`, tx);
      return r?.ok;
    });
    expect(got).toBe(true);
  });
});
