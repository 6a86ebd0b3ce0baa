// A proof re-checks, inside a later statement, that a request's credential still
// makes the identity it resolved to: it must fail for every change that would
// make the resolver answer differently.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/account/api-keys";
import { credentialKey, resolveCaller, type IdentityProof } from "@/lib/auth/identity";
import { SESSION_MAX_AGE_S, SESSION_UPDATE_AGE_S, sessionCookieName } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { query, sql } from "@/lib/db/sql";
import { cookieHeaderFor, sessionCookieFor } from "../helpers/auth";

const requestWith = (headers: Record<string, string>) =>
  new NextRequest("http://localhost/api/chat", { method: "POST", headers });

async function resolveWithProof(headers: Record<string, string>) {
  let proof: IdentityProof | undefined;
  const caller = await resolveCaller(requestWith(headers), undefined, (p) => (proof = p));
  return { identity: caller?.identity ?? null, proof };
}

/** The user ids the proof's who(id) yields, run as its own statement. */
async function proved(proof: IdentityProof): Promise<string[]> {
  const rows = await query<{ id: string }>(sql`WITH ${proof.ctes(new Date())} SELECT id FROM who`);
  return rows.map((r) => r.id);
}

async function account(data: { tier?: "free" | "pro"; email?: string } = {}) {
  const monthAgo = new Date(Date.now() - 30 * 86_400_000);
  return getDb().user.create({
    data: {
      tier: data.tier ?? "free",
      email: data.email ?? `${crypto.randomUUID()}@example.test`,
      sessionsValidAfter: monthAgo,
    },
  });
}

describe("identity proofs", () => {
  it("guest cookie: holds while the row is unchanged, fails once it changes or goes", async () => {
    const guest = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
    const { identity, proof } = await resolveWithProof({ cookie: cookieHeaderFor(guest.id) });
    expect(identity).toMatchObject({ userId: guest.id, via: "guest" });
    expect(await proved(proof!)).toEqual([guest.id]);
    await getDb().user.update({ where: { id: guest.id }, data: { tier: "free" } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().user.update({ where: { id: guest.id }, data: { tier: "guest" } });
    expect(await proved(proof!)).toEqual([guest.id]);
    await getDb().user.delete({ where: { id: guest.id } });
    expect(await proved(proof!)).toEqual([]);
  });

  it("session: fails when the session ends, is signed out everywhere, or the user's rights change", async () => {
    const user = await account({ tier: "pro" });
    const cookie = await sessionCookieFor(user.id);
    const token = cookie.split("=")[1]!;
    const { identity, proof } = await resolveWithProof({ cookie });
    expect(identity).toMatchObject({ userId: user.id, via: "session", tier: "pro" });
    expect(await proved(proof!)).toEqual([user.id]);

    await getDb().user.update({ where: { id: user.id }, data: { tierOverride: "team" } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().user.update({ where: { id: user.id }, data: { tierOverride: null, role: "admin" } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().user.update({ where: { id: user.id }, data: { role: "user", email: "changed@example.test" } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().user.update({ where: { id: user.id }, data: { email: user.email } });
    expect(await proved(proof!)).toEqual([user.id]);

    // "Sign out of all devices" voids sessions issued before it.
    await getDb().user.update({ where: { id: user.id }, data: { sessionsValidAfter: new Date() } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().user.update({ where: { id: user.id }, data: { sessionsValidAfter: user.sessionsValidAfter } });
    expect(await proved(proof!)).toEqual([user.id]);
    await getDb().session.update({ where: { sessionToken: token }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await proved(proof!)).toEqual([]);
    await getDb().session.delete({ where: { sessionToken: token } });
    expect(await proved(proof!)).toEqual([]);
  });

  it("session: usable only until the sliding extension is due, measured from the extended expiry", async () => {
    const user = await account();
    const cookie = await sessionCookieFor(user.id);
    const token = cookie.split("=")[1]!;
    // Issued two days ago: resolving extends it, and the proof counts from the new expiry.
    const old = new Date(Date.now() + (SESSION_MAX_AGE_S - 2 * 86_400) * 1000);
    await getDb().session.update({ where: { sessionToken: token }, data: { expires: old } });
    const before = Date.now();
    const { proof } = await resolveWithProof({ cookie });
    const { expires } = await getDb().session.findUniqueOrThrow({ where: { sessionToken: token } });
    expect(expires.getTime()).toBeGreaterThan(old.getTime());
    expect(proof!.usableUntil).toBe(expires.getTime() - (SESSION_MAX_AGE_S - SESSION_UPDATE_AGE_S) * 1000);
    expect(proof!.usableUntil).toBeGreaterThan(before + (SESSION_UPDATE_AGE_S - 60) * 1000);
  });

  it("API key: records the use like resolving does, and fails once the key is revoked", async () => {
    const user = await account({ tier: "pro" });
    const { secret, key } = await createApiKey(user.id, "ci", null);
    const { identity, proof } = await resolveWithProof({ authorization: `Bearer ${secret}` });
    expect(identity).toMatchObject({ userId: user.id, via: "api_key" });
    await getDb().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: null } });
    expect(await proved(proof!)).toEqual([user.id]);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();
    await revokeApiKey(user.id, key.id, null);
    expect(await proved(proof!)).toEqual([]);
  });

  it("gives no proof when a guest cookie answered for a session cookie that failed", async () => {
    const guest = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
    const headers = { cookie: `${sessionCookieName()}=no-such-session; ${cookieHeaderFor(guest.id)}` };
    const { identity, proof } = await resolveWithProof(headers);
    expect(identity).toMatchObject({ userId: guest.id, via: "guest" });
    expect(proof).toBeUndefined();
    // The session cookie is the credential that decides this request.
    expect(credentialKey(requestWith(headers))).toMatch(/^s:/);
  });

  it("keys each credential one way: the deciding one, hashed", async () => {
    const guest = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
    const cookie = cookieHeaderFor(guest.id);
    const key = credentialKey(requestWith({ cookie }));
    expect(key).toMatch(/^g:/);
    expect(key).not.toContain(cookie.split("=")[1]!);
    expect(credentialKey(requestWith({ cookie: cookieHeaderFor(crypto.randomUUID()) }))).not.toBe(key);
    expect(credentialKey(requestWith({ authorization: "Bearer gck_x", cookie }))).toMatch(/^k:/);
    expect(credentialKey(requestWith({ authorization: "Basic" }))).toBeNull();
    expect(credentialKey(requestWith({}))).toBeNull();
  });
});
