// The cleanup job on a real database: old rows nothing reads go, rows still in
// use stay; and `npm run jobs -- cleanup` runs it as the Cloud Run job does.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { getDb } from "@/lib/db/client";
import { objectExists, putObject, storageKey } from "@/lib/files/store";
import { cleanup } from "@/lib/ops/cleanup";

const DAY = 86_400_000;
const now = new Date("2026-12-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const ages = { holdDays: 35, webhookDays: 30, guestDays: 30, unsentFileDays: 1 };

async function seed() {
  const db = getDb();
  const member = await db.user.create({ data: { email: `m${Math.random()}@x.com`, createdAt: ago(100) } });
  const oldGuest = await db.user.create({ data: { isGuest: true, tier: "guest", createdAt: ago(40) } });
  const newGuest = await db.user.create({ data: { isGuest: true, tier: "guest", createdAt: ago(5) } });
  const chattyGuest = await db.user.create({ data: { isGuest: true, tier: "guest", createdAt: ago(40) } });
  await db.conversation.create({ data: { userId: chattyGuest.id, title: "kept" } });
  await db.session.createMany({
    data: [
      { sessionToken: `old-${member.id}`, userId: member.id, expires: ago(1) },
      { sessionToken: `live-${member.id}`, userId: member.id, expires: new Date(now.getTime() + DAY) },
    ],
  });
  await db.verificationToken.createMany({
    data: [
      { identifier: "a@x.com", token: `old-${member.id}`, expires: ago(1) },
      { identifier: "a@x.com", token: `live-${member.id}`, expires: new Date(now.getTime() + DAY) },
    ],
  });
  const hold = (status: string, days: number) => ({
    userId: member.id,
    tokens: 10n,
    costMicros: 10n,
    status,
    createdAt: ago(days),
    expiresAt: ago(days),
  });
  await db.budgetReservation.createMany({
    data: [hold("settled", 40), hold("released", 40), hold("expired", 40), hold("settled", 10), hold("active", 40)],
  });
  await db.processedWebhookEvent.createMany({
    data: [
      { id: `evt_old_${member.id}`, type: "x", status: "processed", receivedAt: ago(31) },
      { id: `evt_new_${member.id}`, type: "x", status: "processed", receivedAt: ago(2) },
      { id: `evt_failed_${member.id}`, type: "x", status: "failed", receivedAt: ago(31) },
    ],
  });
  // Files: one sent (kept), one unsent for two days (goes), one unsent for an hour (kept), one of the old guest's.
  const convo = await db.conversation.create({ data: { userId: member.id } });
  const message = await db.message.create({ data: { conversationId: convo.id, role: "user", content: "see" } });
  const file = async (userId: string, name: string, createdAt: Date, messageId: string | null = null) => {
    const id = `${name}-${userId}`;
    await putObject(storageKey(userId, id), Buffer.from(name));
    await db.attachment.create({
      data: {
        id,
        userId,
        messageId,
        name,
        kind: "text",
        mimeType: "text/plain",
        sizeBytes: name.length,
        tokenEstimate: 1,
        storageKey: storageKey(userId, id),
        createdAt,
      },
    });
    return storageKey(userId, id);
  };
  const files = {
    sent: await file(member.id, "sent", ago(5), message.id),
    stale: await file(member.id, "stale", ago(2)),
    fresh: await file(member.id, "fresh", new Date(now.getTime() - 3_600_000)),
    guests: await file(oldGuest.id, "guests", ago(2)),
  };
  return { member, oldGuest, newGuest, chattyGuest, files };
}

describe("cleanup", () => {
  it("deletes expired and old rows and keeps everything still in use", async () => {
    const db = getDb();
    const { member, oldGuest, newGuest, chattyGuest, files } = await seed();
    const report = await cleanup(now, ages);
    expect(report).toEqual({ sessions: 1, signInTokens: 1, holds: 3, webhookEvents: 1, guests: 1, unsentFiles: 1 });
    expect(await objectExists(files.sent)).toBe(true);
    expect(await objectExists(files.fresh)).toBe(true);
    expect(await objectExists(files.stale)).toBe(false);
    expect(await objectExists(files.guests)).toBe(false);
    expect((await db.session.findMany({ where: { userId: member.id } })).map((s) => s.sessionToken)).toEqual([
      `live-${member.id}`,
    ]);
    expect((await db.budgetReservation.findMany({ where: { userId: member.id } })).map((h) => h.status).sort()).toEqual(
      ["active", "settled"],
    );
    const users = await db.user.findMany({ where: { id: { in: [oldGuest.id, newGuest.id, chattyGuest.id] } } });
    expect(users.map((u) => u.id).sort()).toEqual([newGuest.id, chattyGuest.id].sort());
    expect(await db.processedWebhookEvent.count({ where: { id: { contains: member.id } } })).toBe(2);
    // Idempotent: a second run finds nothing more.
    expect(await cleanup(now, ages)).toEqual({
      sessions: 0,
      signInTokens: 0,
      holds: 0,
      webhookEvents: 0,
      guests: 0,
      unsentFiles: 0,
    });
  });

  it("runs as `npm run jobs -- cleanup` and says what it deleted", () => {
    const res = spawnSync("npm", ["run", "--silent", "jobs", "--", "cleanup"], {
      env: { ...process.env, LOG_LEVEL: "info", NODE_ENV: "test" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(res.status, res.stderr).toBe(0);
    const line = JSON.parse(res.stdout.trim().split("\n").at(-1)!) as { job: string; report: Record<string, number> };
    expect(line.job).toBe("cleanup");
    expect(Object.keys(line.report).sort()).toEqual([
      "guests",
      "holds",
      "sessions",
      "signInTokens",
      "unsentFiles",
      "webhookEvents",
    ]);
  }, 90_000);

  it("refuses an unknown job", () => {
    const res = spawnSync("npm", ["run", "--silent", "jobs", "--", "nonsense"], { env: process.env, encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("usage: npm run jobs -- <cleanup|billing-walk>");
  }, 60_000);
});
