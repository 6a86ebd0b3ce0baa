// Settlement as part of a caller's own statement (the chat stores its answer this
// way, lib/chat/settle-with-answer.ts): one transaction, so both take effect or
// neither, and the call is charged once.
import { describe, expect, it } from "vitest";
import { createBudgetSpendGuard } from "@/lib/budget/spend-guard";
import { readCounters } from "@/lib/budget/ledger";
import { settleWithAnswer } from "@/lib/chat/settle-with-answer";
import { getDb } from "@/lib/db/client";
import { query, sql, type Sql } from "@/lib/db/sql";
import { call, clockAt, usage, user } from "./budget-harness";

describe("a settlement inside another statement", () => {
  it("commits only with the statement around it, and charges a hold once", async () => {
    const clock = clockAt("2026-03-10T12:00:00Z");
    const guard = createBudgetSpendGuard({ clock, requestRate: false, modelCapacity: false });
    const id = await user("free");
    const dayUsed = async () => (await readCounters(id.userId)).find((c) => c.window === "day")?.tokensUsed ?? 0;
    const along = async (hold: { id: string | null }, extra: Sql) => {
      const s = guard.settlement(hold, usage());
      const rows = await query<{ claimed: string; x: unknown }>(
        sql`WITH ${s.ctes}, extra AS (${extra}) SELECT s.claimed, e.* FROM settled s LEFT JOIN extra e ON true`,
      );
      return { claimed: s.claimed(rows[0]?.claimed), rows };
    };
    const h = (await guard.beforeCall(call(id))).hold;
    // A failing statement around it rolls the settlement back: nothing charged, hold still active.
    await expect(along(h, sql`SELECT 1 / (0 * ${1}::int) AS x`)).rejects.toThrow(/division by zero/);
    expect(await dayUsed()).toBe(0);
    expect((await getDb().budgetReservation.findUniqueOrThrow({ where: { id: h.id! } })).status).toBe("active");
    // A working one: settled with it, once.
    const renamed = sql`UPDATE users SET name = ${"settled"} WHERE id = ${id.userId} RETURNING name AS x`;
    expect(await along(h, renamed)).toMatchObject({ claimed: true, rows: [{ x: "settled" }] });
    expect(await dayUsed()).toBe(300);
    expect((await along(h, sql`SELECT 1 AS x`)).claimed).toBe(false);
    expect(await dayUsed()).toBe(300);
    expect(await getDb().usageLedger.count({ where: { userId: id.userId } })).toBe(1);
  });

  it("settles a turn's last call with its answer; an answer whose conversation is gone returns no row", async () => {
    const id = await user("free");
    const guard = createBudgetSpendGuard({ requestRate: false, modelCapacity: false });
    const h = (await guard.beforeCall(call(id))).hold;
    const fields = {
      content: "answer",
      thinking: null,
      status: "complete" as const,
      statusDetail: null,
      model: "m",
      routingReason: "auto",
      usage: { inputTokens: 1, cachedTokens: 0, outputTokens: 1, thinkingTokens: 0, costMicros: 1, estimated: false },
    };
    await expect(settleWithAnswer(h, usage(), crypto.randomUUID(), fields)).resolves.toEqual([]);
    expect(await getDb().usageLedger.count({ where: { userId: id.userId } })).toBe(1);
  });
});
