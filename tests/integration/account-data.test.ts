import { NextRequest } from "next/server";
import { putObject, storageKey } from "@/lib/files/store";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/account/export/route";
import { DELETE as deleteRoute } from "@/app/api/account/route";
import { deletedUserRef } from "@/lib/account/delete-account";
import { newApiKeySecret } from "@/lib/auth/api-key-secret";
import { getDb } from "@/lib/db/client";
import { sessionCookieFor } from "../helpers/auth";

// Billing has its own tests against the Stripe emulator; here we check the hook is
// called while the user's rows (and Stripe customer id) still exist.
const billingCalls = vi.hoisted(() => [] as { userId: string; userStillThere: boolean }[]);
vi.mock("@/lib/billing/account-deletion", () => ({
  cancelBillingForDeletedUser: async (userId: string) => {
    const { getDb: db } = await import("@/lib/db/client");
    billingCalls.push({ userId, userStillThere: (await db().user.count({ where: { id: userId } })) === 1 });
  },
}));

function req(path: string, init: { method?: string; cookie: string; body?: unknown }) {
  return new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", cookie: init.cookie },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Fills every table that can hold a user's data, so deletion has something to miss. */
async function seedUser(email: string): Promise<string> {
  const db = getDb();
  const u = await db.user.create({ data: { email, name: email.split("@")[0] } });
  await db.account.create({
    data: {
      userId: u.id,
      type: "oauth",
      provider: "google",
      providerAccountId: `g-${email}`,
      access_token: `tok-${email}`,
    },
  });
  const c = await db.conversation.create({ data: { userId: u.id, title: `chat of ${email}` } });
  const m = await db.message.create({
    data: { conversationId: c.id, role: "user", content: `secret words of ${email}` },
  });
  const fileKey = storageKey(u.id, `file-${u.id}`);
  await putObject(fileKey, Buffer.from(`file of ${email}`));
  await db.attachment.create({
    data: {
      id: `file-${u.id}`,
      userId: u.id,
      messageId: m.id,
      name: "notes.txt",
      kind: "text",
      mimeType: "text/plain",
      sizeBytes: 10,
      tokenEstimate: 5,
      storageKey: fileKey,
    },
  });
  const key = newApiKeySecret();
  await db.apiKey.create({ data: { userId: u.id, name: "k", prefix: key.prefix, hash: key.hash } });
  await db.usageLedger.create({
    data: {
      userId: u.id,
      conversationId: c.id,
      model: "gemini-fast",
      inputTokens: 1,
      cachedTokens: 0,
      outputTokens: 1,
      thinkingTokens: 0,
      totalTokens: 2,
      costMicros: 5n,
      estimated: false,
      latencyMs: 10,
      outcome: "ok",
    },
  });
  await db.budgetCounter.create({ data: { userId: u.id, window: "day", windowStart: new Date(0), tokensUsed: 2n } });
  await db.budgetReservation.create({
    data: { userId: u.id, tokens: 10n, costMicros: 1n, expiresAt: new Date(Date.now() + 60_000) },
  });
  await db.subscription.create({
    data: {
      id: `sub_${u.id}`,
      userId: u.id,
      customerId: `cus_${u.id}`,
      status: "canceled",
      priceId: "price_x",
      tier: "pro",
      currentPeriodStart: new Date(),
      currentPeriodEnd: new Date(),
    },
  });
  await db.auditLog.create({ data: { actorId: u.id, action: "auth.sign_in", targetType: "user", targetId: u.id } });
  return u.id;
}

let me: string;
let other: string;
let cookie: string;

beforeAll(async () => {
  me = await seedUser("me@example.com");
  other = await seedUser("other@example.com");
  cookie = await sessionCookieFor(me);
});

describe("Download my data", () => {
  it("contains my data and nobody else's, without secrets", async () => {
    const res = await exportRoute(req("/api/account/export", { cookie }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = await res.text();
    const data = JSON.parse(text) as Record<string, unknown[]> & { user: { id: string } };
    expect(data.user.id).toBe(me);
    expect(text).toContain("secret words of me@example.com");
    // The files themselves, not only what they were.
    expect(text).toContain(Buffer.from("file of me@example.com").toString("base64"));
    expect(text).not.toContain(Buffer.from("file of other@example.com").toString("base64"));
    for (const section of ["accounts", "conversations", "attachments", "usage", "apiKeys", "subscriptions", "audit"]) {
      expect(data[section]?.length, section).toBeGreaterThan(0);
    }
    expect(text).not.toContain(other);
    expect(text).not.toContain("other@example.com");
    expect(text).not.toContain("tok-me@example.com");
    const hash = (await getDb().apiKey.findFirstOrThrow({ where: { userId: me } })).hash;
    expect(text).not.toContain(hash);
    const audit = await getDb().auditLog.findFirst({ where: { actorId: me, action: "account.exported" } });
    expect(audit).not.toBeNull();
  });
});

describe("Delete my account", () => {
  it("refuses without the right email", async () => {
    const res = await deleteRoute(
      req("/api/account", { method: "DELETE", cookie, body: { confirmEmail: "wrong@x.y" } }),
    );
    expect(res.status).toBe(400);
    expect(await getDb().user.count({ where: { id: me } })).toBe(1);
  });

  it("leaves zero rows of the user in every table and one anonymous audit entry", async () => {
    const res = await deleteRoute(
      req("/api/account", { method: "DELETE", cookie, body: { confirmEmail: "ME@example.com" } }),
    );
    expect(res.status).toBe(200);
    expect(billingCalls).toEqual([{ userId: me, userStillThere: true }]);
    expect(res.headers.getSetCookie().some((c) => c.includes("session-token=;"))).toBe(true);

    const db = getDb();
    const columns = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name IN ('user_id', 'actor_id', 'target_id', 'id')`;
    const checked: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text = $1`,
        me,
      );
      expect(Number(rows[0]?.n), `${table_name}.${column_name}`).toBe(0);
      checked.push(`${table_name}.${column_name}`);
    }
    expect(checked).toEqual(
      expect.arrayContaining(["users.id", "conversations.user_id", "api_keys.user_id", "audit_log.actor_id"]),
    );
    // No message content survives either.
    expect(await db.message.count({ where: { content: { contains: "me@example.com" } } })).toBe(0);
    // Cost history stays, detached from the person.
    expect(await db.usageLedger.count({ where: { userId: null } })).toBe(1);

    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "account.deleted" } });
    expect(entry.targetId).toBe(deletedUserRef(me));
    expect(JSON.stringify(entry.metadata)).not.toContain("me@example.com");

    // The other user is untouched.
    expect(await db.conversation.count({ where: { userId: other } })).toBe(1);
    expect(await db.auditLog.count({ where: { actorId: other } })).toBe(1);
  });
});
