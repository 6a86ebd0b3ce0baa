import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as signOutAllRoute } from "@/app/api/account/sign-out-all/route";
import { mergeGuestInto } from "@/lib/auth/guest-merge";
import { resolveIdentity } from "@/lib/auth/identity";
import { applyRoleAtSignIn } from "@/lib/auth/roles";
import { SESSION_MAX_AGE_S, sessionCookieName } from "@/lib/auth/session-cookie";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { cookieHeaderFor, sessionCookieFor } from "../helpers/auth";

const req = (cookie: string, method = "GET") =>
  new NextRequest("http://localhost/api/x", { method, headers: { cookie } });

// Accounts made a month ago, so sessions touched days ago are legitimately theirs.
async function user(email: string) {
  const monthAgo = new Date(Date.now() - 30 * 86_400_000);
  return (await getDb().user.create({ data: { email, createdAt: monthAgo, sessionsValidAfter: monthAgo } })).id;
}

describe("database sessions", () => {
  it("resolve to the user, take precedence over a guest cookie, and expire", async () => {
    const id = await user("s1@example.com");
    const guest = (await getDb().user.create({ data: { isGuest: true, tier: "guest" } })).id;
    const cookie = await sessionCookieFor(id);
    expect(await resolveIdentity(req(`${cookie}; ${cookieHeaderFor(guest).split("; ")[0]}`))).toMatchObject({
      userId: id,
      via: "session",
      isGuest: false,
    });
    const token = cookie.split("=")[1]!;
    await getDb().session.update({ where: { sessionToken: token }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await resolveIdentity(req(cookie))).toBeNull();
    expect(await resolveIdentity(req(`${sessionCookieName()}=forged-token`))).toBeNull();
  });

  it("slide: a session older than a day is extended to 7 days from now", async () => {
    const id = await user("s2@example.com");
    const cookie = await sessionCookieFor(id);
    const token = cookie.split("=")[1]!;
    const twoDaysLeft = new Date(Date.now() + 2 * 86_400_000);
    await getDb().session.update({ where: { sessionToken: token }, data: { expires: twoDaysLeft } });
    expect(await resolveIdentity(req(cookie))).not.toBeNull();
    const after = await getDb().session.findUniqueOrThrow({ where: { sessionToken: token } });
    expect(after.expires.getTime()).toBeGreaterThan(Date.now() + (SESSION_MAX_AGE_S - 60) * 1000);
  });

  it("sign out of all devices voids every session and is audited", async () => {
    const id = await user("s3@example.com");
    const laptop = await sessionCookieFor(id);
    const phone = await sessionCookieFor(id);
    const res = await signOutAllRoute(req(laptop, "POST"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessions: 2 });
    expect(await resolveIdentity(req(laptop))).toBeNull();
    expect(await resolveIdentity(req(phone))).toBeNull();
    expect(await getDb().auditLog.count({ where: { actorId: id, action: "auth.sign_out_all" } })).toBe(1);
  });

  it("a session row issued before sessionsValidAfter is refused", async () => {
    const id = await user("s4@example.com");
    const cookie = await sessionCookieFor(id);
    await getDb().user.update({ where: { id }, data: { sessionsValidAfter: new Date(Date.now() + 1000) } });
    expect(await resolveIdentity(req(cookie))).toBeNull();
  });
});

describe("guest signs up and keeps their chats", () => {
  it("moves conversations and usage to the new account and deletes the guest", async () => {
    const db = getDb();
    const guest = (await db.user.create({ data: { isGuest: true, tier: "guest" } })).id;
    const c = await db.conversation.create({ data: { userId: guest, title: "guest chat" } });
    await db.message.create({ data: { conversationId: c.id, role: "user", content: "hello" } });
    const real = await user("newbie@example.com");
    expect(await mergeGuestInto(guest, real)).toBe(1);
    const moved = await db.conversation.findUniqueOrThrow({ where: { id: c.id }, include: { messages: true } });
    expect(moved.userId).toBe(real);
    expect(moved.messages.map((m) => m.content)).toEqual(["hello"]);
    expect(await db.user.count({ where: { id: guest } })).toBe(0);
    // The stale guest cookie now identifies nobody.
    expect(await resolveIdentity(req(cookieHeaderFor(guest)))).toBeNull();
  });

  it("never merges a real account into another", async () => {
    const a = await user("a@example.com");
    const b = await user("b@example.com");
    await getDb().conversation.create({ data: { userId: a, title: "a's" } });
    expect(await mergeGuestInto(a, b)).toBe(0);
    expect(await getDb().conversation.count({ where: { userId: a } })).toBe(1);
  });
});

describe("roles from ADMIN_EMAILS", () => {
  it("promotes listed emails at sign-in, demotes removed ones, and audits both", async () => {
    const id = await user("Boss@Example.com");
    process.env.ADMIN_EMAILS = "someone@else.com, boss@example.com";
    resetEnvCache();
    expect(await applyRoleAtSignIn(id, "198.51.100.1")).toBe("admin");
    process.env.ADMIN_EMAILS = "";
    resetEnvCache();
    expect(await applyRoleAtSignIn(id, null)).toBe("user");
    const entries = await getDb().auditLog.findMany({ where: { targetId: id, action: "user.role_changed" } });
    expect(entries.map((e) => (e.metadata as { to: string }).to)).toEqual(["admin", "user"]);
  });

  it("take an admin's rights away as soon as the address leaves the list, before any sign-in", async () => {
    const id = await user("former-admin@example.com");
    process.env.ADMIN_EMAILS = "former-admin@example.com";
    resetEnvCache();
    await applyRoleAtSignIn(id, null);
    const cookie = await sessionCookieFor(id);
    expect(await resolveIdentity(req(cookie))).toMatchObject({ userId: id, role: "admin" });
    process.env.ADMIN_EMAILS = "";
    resetEnvCache();
    expect(await resolveIdentity(req(cookie))).toMatchObject({ userId: id, role: "user" });
    // A row marked admin by hand, never listed, is not an admin either.
    await getDb().user.update({ where: { id }, data: { role: "admin" } });
    expect(await resolveIdentity(req(cookieHeaderFor(id)))).toMatchObject({ userId: id, role: "user" });
  });
});
