// Every resource route, asked by someone who is not the owner: another user, a
// guest and an anonymous caller get 401/403/404 and learn nothing; a missing id
// and someone else's id get byte-identical answers.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportGet } from "@/app/api/account/export/route";
import { DELETE as accountDelete, GET as accountGet, PATCH as accountPatch } from "@/app/api/account/route";
import { POST as signOutAll } from "@/app/api/account/sign-out-all/route";
import { PATCH as adminTier } from "@/app/api/admin/users/[id]/tier/route";
import { DELETE as fileDelete, GET as fileGet } from "@/app/api/attachments/[id]/route";
import { GET as exportConversation } from "@/app/api/conversations/[id]/export/route";
import { GET as messagesGet } from "@/app/api/conversations/[id]/messages/route";
import { DELETE as convDelete, GET as convGet, PATCH as convPatch } from "@/app/api/conversations/[id]/route";
import { GET as convList } from "@/app/api/conversations/route";
import { DELETE as keyDelete } from "@/app/api/keys/[id]/route";
import { GET as keysGet, POST as keysPost } from "@/app/api/keys/route";
import { newApiKeySecret } from "@/lib/auth/api-key-secret";
import { getDb } from "@/lib/db/client";
import { putObject, storageKey } from "@/lib/files/store";
import { cookieHeaderFor, sessionCookieFor } from "../helpers/auth";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

function call(h: unknown, method: string, cookie: string | null, id = "", body?: unknown) {
  const req = new NextRequest(`http://localhost/api/x/${id}`, {
    method,
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (h as Handler)(req, { params: Promise.resolve({ id }) });
}

let ownerConv: string;
let ownerFile: string;
let ownerKey: string;
const callers: Record<string, string | null> = {};

beforeAll(async () => {
  const db = getDb();
  const owner = await db.user.create({ data: { email: "owner@example.com" } });
  const other = await db.user.create({ data: { email: "other@example.com" } });
  const guest = await db.user.create({ data: { isGuest: true, tier: "guest" } });
  ownerConv = (await db.conversation.create({ data: { userId: owner.id, title: "owner's private chat" } })).id;
  await db.message.create({ data: { conversationId: ownerConv, role: "user", content: "owner secret" } });
  const k = newApiKeySecret();
  ownerKey = (await db.apiKey.create({ data: { userId: owner.id, name: "k", prefix: k.prefix, hash: k.hash } })).id;
  ownerFile = `file-${owner.id}`;
  await putObject(storageKey(owner.id, ownerFile), Buffer.from("owner's file"));
  await db.attachment.create({
    data: {
      id: ownerFile,
      userId: owner.id,
      name: "owner.txt",
      kind: "text",
      mimeType: "text/plain",
      sizeBytes: 12,
      tokenEstimate: 3,
      storageKey: storageKey(owner.id, ownerFile),
    },
  });
  callers.other = await sessionCookieFor(other.id);
  callers.guest = cookieHeaderFor(guest.id);
  callers.anonymous = null;
});

const byId: [string, unknown, string, unknown?][] = [
  ["GET conversation", convGet, "GET"],
  ["PATCH conversation", convPatch, "PATCH", { title: "pwned" }],
  ["DELETE conversation", convDelete, "DELETE"],
  ["GET messages", messagesGet, "GET"],
  ["GET export", exportConversation, "GET"],
];

describe.each(["other", "guest", "anonymous"])("as %s", (who) => {
  it.each(byId)("%s: refused, and identical for missing vs not-yours", async (_n, h, method, body) => {
    const cookie = callers[who] ?? null;
    const mine = await call(h, method, cookie, ownerConv, body);
    const missing = await call(h, method, cookie, "does-not-exist", body);
    expect([401, 403, 404]).toContain(mine.status);
    expect(mine.status).toBe(missing.status);
    const text = await mine.text();
    expect(text).toBe(await missing.text());
    expect(text).not.toContain("owner");
  });

  it.each([
    ["GET", fileGet],
    ["DELETE", fileDelete],
  ] as const)("%s the owner's file: refused like a missing one, and the file stays", async (method, h) => {
    const cookie = callers[who] ?? null;
    const mine = await call(h, method, cookie, ownerFile);
    const missing = await call(h, method, cookie, "does-not-exist");
    expect([401, 403, 404]).toContain(mine.status);
    expect(mine.status).toBe(missing.status);
    const text = await mine.text();
    expect(text).toBe(await missing.text());
    expect(text).not.toContain("owner");
    expect(await getDb().attachment.count({ where: { id: ownerFile } })).toBe(1);
  });

  it("the owner's conversations never show in a list", async () => {
    const res = await call(convList, "GET", callers[who] ?? null);
    expect(await res.text()).not.toContain(ownerConv);
  });

  it("revoking the owner's key: refused like a missing key", async () => {
    const mine = await call(keyDelete, "DELETE", callers[who] ?? null, ownerKey);
    const missing = await call(keyDelete, "DELETE", callers[who] ?? null, "nope");
    expect([401, 403, 404]).toContain(mine.status);
    expect(await mine.text()).toBe(await missing.text());
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: ownerKey } })).revokedAt).toBeNull();
  });

  it("admin routes: refused, identically for any target", async () => {
    const a = await call(adminTier, "PATCH", callers[who] ?? null, "whoever", { tierOverride: "enterprise" });
    const b = await call(adminTier, "PATCH", callers[who] ?? null, ownerConv, { tierOverride: "enterprise" });
    expect(a.status).toBe(who === "anonymous" ? 401 : 403);
    expect(await a.text()).toBe(await b.text());
  });
});

describe.each(["guest", "anonymous"])("account routes as %s", (who) => {
  it.each([
    ["GET /api/account", accountGet, "GET", undefined],
    ["PATCH /api/account", accountPatch, "PATCH", { name: "x" }],
    ["DELETE /api/account", accountDelete, "DELETE", { confirmEmail: "owner@example.com" }],
    ["GET /api/account/export", exportGet, "GET", undefined],
    ["POST /api/account/sign-out-all", signOutAll, "POST", undefined],
    ["GET /api/keys", keysGet, "GET", undefined],
    ["POST /api/keys", keysPost, "POST", { name: "x" }],
  ] as const)("%s is 401", async (_n, h, method, body) => {
    const res = await call(h, method, callers[who] ?? null, "", body);
    expect(res.status).toBe(401);
  });

  it("leaves the owner intact", async () => {
    expect(await getDb().user.count({ where: { email: "owner@example.com" } })).toBe(1);
  });
});
