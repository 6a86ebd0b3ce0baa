// Settlement with a statement alongside (the chat stores its answer this way):
// one transaction, so both take effect or neither, and the call is charged once.
import { describe, expect, it } from "vitest";
import { createBudgetSpendGuard } from "@/lib/budget/spend-guard";
import { readCounters } from "@/lib/budget/ledger";
import { getDb } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { call, clockAt, usage, user } from "./budget-harness";

describe("settle with a statement alongside", () => {
  it("settles with a statement alongside, in one transaction: both take effect or neither", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free");
    const dayUsed = async () => (await readCounters(id.userId)).find((c) => c.window === "day")?.tokensUsed ?? 0;
    const h = (await guard.beforeCall(call(id))).hold;
    // A failing statement alongside rolls the settlement back with it: nothing charged, hold still active.
    await expect(guard.afterCall(h, usage(), sql`SELECT 1 / (0 * ${1}::int) AS x`)).rejects.toThrow(/division by zero/);
    expect(await dayUsed()).toBe(0);
    expect((await getDb().budgetReservation.findUniqueOrThrow({ where: { id: h.id! } })).status).toBe("active");
    // A working one: its rows come back (none is an empty list) and the call is charged once.
    const renamed = sql`UPDATE users SET name = ${"settled"} WHERE id = ${id.userId} RETURNING name, updated_at`;
    const rows = await guard.afterCall(h, usage(), renamed);
    expect(rows).toEqual([{ name: "settled", updated_at: expect.any(Date) }]);
    expect(await dayUsed()).toBe(300);
    const h2 = (await guard.beforeCall(call(id))).hold;
    expect(await guard.afterCall(h2, usage(), sql`SELECT 1 AS x WHERE false`)).toEqual([]);
    expect(await dayUsed()).toBe(600);
    expect(await getDb().usageLedger.count({ where: { userId: id.userId } })).toBe(2);
  });
});
