// The chat route starts a caller's next turn on the identity their credential
// resolved to last time, proved inside the admission statement. Whenever the
// proof or the fresh budget disagrees, the turn must come out exactly as if
// nothing had been remembered, with nothing taken twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { createApiKey, revokeApiKey } from "@/lib/account/api-keys";
import { hintCounts } from "@/lib/auth/identity-hints";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { query, sql } from "@/lib/db/sql";
import { NextRequest } from "next/server";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { sessionCookieFor } from "../helpers/auth";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const send = (cookie: string, message: string, model = "auto") =>
  chat(request("/api/chat", { method: "POST", cookie, body: { message, model } }));

/** Sends a turn and reads it to the end; returns the response, its events and what the hints did. */
async function turn(cookie: string, message = "Hello there", model = "auto") {
  const before = { ...hintCounts };
  const res = await send(cookie, message, model);
  const events = res.status === 200 ? await readEvents(res) : [];
  const delta = {
    recalled: hintCounts.recalled - before.recalled,
    confirmed: hintCounts.confirmed - before.confirmed,
    rerun: hintCounts.rerun - before.rerun,
  };
  return { res, events, delta };
}

async function reservations(userId: string) {
  return query<{ status: string }>(
    sql`SELECT status FROM budget_reservations WHERE user_id = ${userId} ORDER BY created_at`,
  );
}

async function requestsCounted(userId: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    sql`SELECT COALESCE(SUM(count), 0)::bigint AS n FROM rate_limit_buckets WHERE key = ${`rpm:user:${userId}`}`,
  );
  return Number(row!.n);
}

describe("chat on a remembered identity", () => {
  it("runs the next turn on it, proved by the admission, and answers as usual", async () => {
    const user = await createUser("pro");
    const first = await turn(user.cookie);
    expect(first.delta).toEqual({ recalled: 0, confirmed: 0, rerun: 0 });
    const second = await turn(user.cookie, "And again");
    expect(second.res.status).toBe(200);
    expect(second.delta).toEqual({ recalled: 1, confirmed: 1, rerun: 0 });
    expect(doneEvent(second.events).status).toBe("complete");
    expect((await reservations(user.id)).map((r) => r.status)).toEqual(["settled", "settled"]);
    expect(await requestsCounted(user.id)).toBe(2);
    const convos = await getDb().conversation.findMany({ where: { userId: user.id } });
    expect(convos).toHaveLength(2);
  });

  it("does not act for a session that ended since: nothing taken or stored for its user", async () => {
    const { id } = await createUser("pro");
    const cookie = await sessionCookieFor(id);
    expect((await turn(cookie)).res.status).toBe(200);
    await getDb().session.deleteMany({ where: { userId: id } });
    const after = await turn(cookie, "Still there?");
    expect(after.delta).toMatchObject({ recalled: 1, confirmed: 0, rerun: 1 });
    // As for anyone whose session is gone: the message is answered for a new guest.
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get("set-cookie")).toMatch(/^gc_guest=/);
    expect(await reservations(id)).toHaveLength(1);
    expect(await requestsCounted(id)).toBe(1);
    expect(await getDb().message.count({ where: { conversation: { userId: id } } })).toBe(2);
  });

  it("refuses a revoked API key", async () => {
    const { id } = await createUser("pro");
    const { secret, key } = await createApiKey(id, "ci", null);
    const viaKey = () =>
      chat(
        new NextRequest("http://localhost/api/chat", {
          method: "POST",
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: JSON.stringify({ message: "Hello" }),
        }),
      );
    const ok = await viaKey();
    expect(ok.status).toBe(200);
    await ok.text();
    await revokeApiKey(id, key.id, null);
    const before = hintCounts.rerun;
    expect((await viaKey()).status).toBe(401);
    expect(hintCounts.rerun - before).toBe(1);
    expect(await reservations(id)).toHaveLength(1);
  });

  it("runs again on the fresh identity when the tier changed, and remembers that one", async () => {
    const user = await createUser("free");
    expect((await turn(user.cookie)).res.status).toBe(200);
    await getDb().user.update({ where: { id: user.id }, data: { tier: "pro" } });
    // Free may not use the strong model: on the remembered tier this request would get the fast one.
    const upgraded = await turn(user.cookie, "Hello", "strong");
    expect(upgraded.delta).toMatchObject({ recalled: 1, confirmed: 0, rerun: 1 });
    expect(upgraded.res.status).toBe(200);
    expect(upgraded.events[0]).toMatchObject({ type: "meta", model: "gemini-4-argon" });
    const next = await turn(user.cookie, "Hello", "strong");
    expect(next.delta).toEqual({ recalled: 1, confirmed: 1, rerun: 0 });
    expect((await reservations(user.id)).map((r) => r.status)).toEqual(["settled", "settled", "settled"]);
  });

  it("makes a new guest when the remembered one was deleted, as without the hint", async () => {
    const guest = await createUser("guest");
    expect((await turn(guest.cookie)).res.status).toBe(200);
    await getDb().user.delete({ where: { id: guest.id } });
    const after = await turn(guest.cookie);
    expect(after.delta).toMatchObject({ rerun: 1 });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get("set-cookie")).toMatch(/^gc_guest=/);
  });

  it("routes on the budget the admission reads: a stale read that chose differently is undone whole", async () => {
    const user = await createUser("pro");
    // Another call's hold leaves too little of the cost cap for the strong model, so
    // the first turn's identity read (remembered with it) sees only the fast one affordable.
    const now = new Date();
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    await query(sql`INSERT INTO budget_reservations (id, user_id, tokens, cost_micros, status, expires_at, created_at, day_start, month_start)
      VALUES (${`big-${user.id}`}, ${user.id}, 0, ${15_000_000 - 200_000}, 'active',
        ${new Date(Date.now() + 600_000)}::timestamp, ${now}::timestamp, ${day}::timestamp, ${month}::timestamp)`);
    const hard = "Compare TCP and UDP: analyze the trade-offs in depth.";
    const squeezed = await turn(user.cookie, hard);
    expect(squeezed.events[0]).toMatchObject({ type: "meta", model: "gemini-3.8-flash" });
    // That call ends; the remembered read still shows its hold.
    await query(sql`UPDATE budget_reservations SET status = 'released' WHERE id = ${`big-${user.id}`}`);
    const freed = await turn(user.cookie, hard);
    expect(freed.delta).toMatchObject({ recalled: 1, confirmed: 0, rerun: 1 });
    expect(freed.events[0]).toMatchObject({ type: "meta", model: "gemini-4-argon" });
    // The fast hold taken on the stale read was given back, and its request not counted.
    expect((await reservations(user.id)).map((r) => r.status)).toEqual(["released", "settled", "released", "settled"]);
    expect(await requestsCounted(user.id)).toBe(2);
  });

  it("makes no summary call for a caller not yet confirmed: that turn runs the usual way", async () => {
    process.env.CHAT_HISTORY_MAX_MESSAGES = "6";
    resetEnvCache();
    try {
      const user = await createUser("pro");
      let conversationId: string | undefined;
      const deltas = [];
      // Turn 4 makes 7 messages against a window of 6: a summary is due (see chat-summary.test.ts).
      for (let i = 1; i <= 4; i++) {
        const body = { conversationId, message: `Question ${i}` };
        const before = { ...hintCounts };
        const events = await readEvents(
          await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body })),
        );
        deltas.push({ confirmed: hintCounts.confirmed - before.confirmed, rerun: hintCounts.rerun - before.rerun });
        const meta = events[0];
        if (meta?.type !== "meta") throw new Error("meta first");
        conversationId = meta.conversationId;
        expect(doneEvent(events).status).toBe("complete");
      }
      expect(deltas).toEqual([
        { confirmed: 0, rerun: 0 },
        { confirmed: 1, rerun: 0 },
        { confirmed: 1, rerun: 0 },
        { confirmed: 0, rerun: 1 },
      ]);
      const summaries = await getDb().usageLedger.findMany({ where: { userId: user.id, purpose: "summary" } });
      expect(summaries).toHaveLength(1);
      expect(await reservations(user.id)).toHaveLength(5);
    } finally {
      delete process.env.CHAT_HISTORY_MAX_MESSAGES;
      resetEnvCache();
    }
  });
  it("leaves a refusal for being over the rate to the usual run: 429, nothing kept or counted twice", async () => {
    const user = await createUser("pro");
    expect((await turn(user.cookie)).res.status).toBe(200);
    // The user's requests-per-minute window is full (pro: 30), whichever minute the turn lands in.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await query(sql`INSERT INTO rate_limit_buckets (key, window_start, count)
      VALUES (${`rpm:user:${user.id}`}, ${minute}::timestamp, 1000)
      ON CONFLICT (key, window_start) DO UPDATE SET count = 1000`);
    const counted = await requestsCounted(user.id);
    const refused = await turn(user.cookie, "One more");
    expect(refused.delta).toMatchObject({ recalled: 1, confirmed: 0, rerun: 1 });
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Each attempt's hold given back: the remembered one's, then the usual run's fast
    // path and exact way (as without the hint); none left holding budget.
    expect((await reservations(user.id)).map((r) => r.status)).toEqual(["settled", "released", "released", "released"]);
    expect(await requestsCounted(user.id)).toBe(counted);
  });

  it("leaves a refusal for being over budget to the usual run: 402 with its reset time", async () => {
    const user = await createUser("free");
    expect((await turn(user.cookie)).res.status).toBe(200);
    await query(sql`UPDATE budget_counters SET tokens_used = 49999 WHERE user_id = ${user.id} AND "window" = 'day'`);
    const refused = await turn(user.cookie, "One more");
    expect(refused.delta).toMatchObject({ recalled: 1, confirmed: 0, rerun: 1 });
    expect(refused.res.status).toBe(402);
    expect((await refused.res.json()).error.resetAt).toBeTruthy();
    expect((await reservations(user.id)).map((r) => r.status)).toEqual(["settled"]);
    expect(await requestsCounted(user.id)).toBe(1);
  });

  it("writes nothing before the proof, not even marking an interrupted answer", async () => {
    const { id } = await createUser("pro");
    const cookie = await sessionCookieFor(id);
    const first = await send(cookie, "Hello");
    const meta = (await readEvents(first))[0];
    const conversationId = meta?.type === "meta" ? meta.conversationId : "";
    // An answer cut off by a stopped server, its lease long lapsed.
    const past = new Date(Date.now() - 3_600_000);
    const cut = await getDb().message.create({
      data: { conversationId, role: "model", content: "", status: "streaming", aliveUntil: past },
    });
    await getDb().session.deleteMany({ where: { userId: id } });
    const res = await chat(request("/api/chat", { method: "POST", cookie, body: { conversationId, message: "Hi" } }));
    // The usual run is a new guest, who does not own the conversation.
    expect(res.status).toBe(404);
    expect((await getDb().message.findUniqueOrThrow({ where: { id: cut.id } })).status).toBe("streaming");
  });

  it("marks an interrupted answer once confirmed, on the usual run", async () => {
    const user = await createUser("pro");
    const meta = (await readEvents(await send(user.cookie, "Hello")))[0];
    const conversationId = meta?.type === "meta" ? meta.conversationId : "";
    const cut = await getDb().message.create({
      data: {
        conversationId,
        role: "model",
        content: "",
        status: "streaming",
        aliveUntil: new Date(Date.now() - 3_600_000),
      },
    });
    const before = { ...hintCounts };
    const res = await chat(
      request("/api/chat", { method: "POST", cookie: user.cookie, body: { conversationId, message: "Hi" } }),
    );
    expect(res.status).toBe(200);
    await readEvents(res);
    expect(hintCounts.rerun - before.rerun).toBe(1);
    expect((await getDb().message.findUniqueOrThrow({ where: { id: cut.id } })).status).toBe("error");
  });
});
