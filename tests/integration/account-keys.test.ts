import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "@/app/api/keys/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/keys/route";
import { resolveIdentity } from "@/lib/auth/identity";
import { getDb } from "@/lib/db/client";
import { sessionCookieFor } from "../helpers/auth";

function req(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", "x-forwarded-for": "10.0.0.1, 203.0.113.7", ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });

let alice: string;
let aliceCookie: string;
let bobCookie: string;

beforeAll(async () => {
  const db = getDb();
  alice = (await db.user.create({ data: { email: "alice@example.com" } })).id;
  const bob = (await db.user.create({ data: { email: "bob@example.com" } })).id;
  aliceCookie = await sessionCookieFor(alice);
  bobCookie = await sessionCookieFor(bob);
});

describe("API keys", () => {
  it("are accepted as Bearer identity, then refused after revocation", async () => {
    const created = await createRoute(
      req("/api/keys", { method: "POST", headers: { cookie: aliceCookie }, body: { name: "ci" } }),
    );
    expect(created.status).toBe(201);
    const { key, secret } = (await created.json()) as { key: { id: string; prefix: string }; secret: string };
    expect(secret.startsWith(key.prefix)).toBe(true);

    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.hash).not.toContain(secret);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const who = await resolveIdentity(req("/api/x", { headers: { authorization: `Bearer ${secret}` } }));
    expect(who).toMatchObject({ userId: alice, via: "api_key" });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();

    const listed = (await (await listRoute(req("/api/keys", { headers: { cookie: aliceCookie } }))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(listed.keys.map((k) => k.id)).toEqual([key.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(row.hash);

    const revoked = await revokeRoute(
      req(`/api/keys/${key.id}`, { method: "DELETE", headers: { cookie: aliceCookie } }),
      params(key.id),
    );
    expect(revoked.status).toBe(200);
    expect(await resolveIdentity(req("/api/x", { headers: { authorization: `Bearer ${secret}` } }))).toBeNull();

    const audit = await getDb().auditLog.findMany({ where: { actorId: alice }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(audit[0]?.ip).toBe("203.0.113.7");
    expect(JSON.stringify(audit.map((a) => a.metadata))).not.toContain(secret);
  });

  it("a bad bearer key is refused even when a valid session cookie comes along", async () => {
    const who = await resolveIdentity(
      req("/api/x", { headers: { authorization: "Bearer gck_nope", cookie: aliceCookie } }),
    );
    expect(who).toBeNull();
  });

  it("another user's key id looks exactly like a missing one", async () => {
    const created = await createRoute(
      req("/api/keys", { method: "POST", headers: { cookie: aliceCookie }, body: { name: "mine" } }),
    );
    const { key } = (await created.json()) as { key: { id: string } };
    const notMine = await revokeRoute(
      req(`/api/keys/${key.id}`, { method: "DELETE", headers: { cookie: bobCookie } }),
      params(key.id),
    );
    const missing = await revokeRoute(
      req("/api/keys/nope", { method: "DELETE", headers: { cookie: bobCookie } }),
      params("nope"),
    );
    expect(notMine.status).toBe(404);
    expect(await notMine.json()).toEqual(await missing.json());
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("an API key cannot mint more keys", async () => {
    const created = await createRoute(
      req("/api/keys", { method: "POST", headers: { cookie: aliceCookie }, body: { name: "k" } }),
    );
    const { secret } = (await created.json()) as { secret: string };
    const res = await createRoute(
      req("/api/keys", { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: { name: "x" } }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden:api_key");
  });
});
