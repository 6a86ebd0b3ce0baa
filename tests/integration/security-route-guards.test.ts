// What the one route wrapper refuses: API keys outside their scopes (admin and
// billing never), cross-origin and cross-site state changes from browsers, and
// guest rows for requests that are invalid or over the per-IP limit.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signOutAll } from "@/app/api/account/sign-out-all/route";
import { PATCH as setTier } from "@/app/api/admin/users/[id]/tier/route";
import { POST as checkout } from "@/app/api/billing/checkout/route";
import { POST as portal } from "@/app/api/billing/portal/route";
import { GET as billingStatus } from "@/app/api/billing/status/route";
import { POST as chat } from "@/app/api/chat/route";
import { GET as listKeys, POST as createKey } from "@/app/api/keys/route";
import { GET as usage } from "@/app/api/usage/route";
import { createApiKey } from "@/lib/account/api-keys";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { createAdmin, sessionCookieFor } from "../helpers/auth";

function req(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new NextRequest(`http://localhost:3000${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const guests = () => getDb().user.count({ where: { isGuest: true } });

describe("API key scopes", () => {
  let adminId: string;
  let targetId: string;
  let everything: string;
  let chatOnly: string;
  beforeAll(async () => {
    adminId = (await createAdmin()).id;
    targetId = (await getDb().user.create({ data: { email: `target-${Date.now()}@example.com` } })).id;
    everything = (await createApiKey(adminId, "all", null, ["chat", "read"])).secret;
    chatOnly = (await createApiKey(adminId, "chat", null)).secret;
  });

  it("never reach admin or billing, even an admin's key with every scope", async () => {
    const tier = await setTier(
      req(`/api/admin/users/${targetId}/tier`, {
        method: "PATCH",
        headers: bearer(everything),
        body: { tierOverride: "team" },
      }),
      { params: Promise.resolve({ id: targetId }) },
    );
    expect(tier.status).toBe(403);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: targetId } })).tierOverride).toBeNull();
    const billing = [
      await checkout(
        req("/api/billing/checkout", { method: "POST", headers: bearer(everything), body: { plan: "pro" } }),
      ),
      await portal(req("/api/billing/portal", { method: "POST", headers: bearer(everything) })),
      await billingStatus(req("/api/billing/status", { headers: bearer(everything) })),
    ];
    expect(billing.map((r) => r.status)).toEqual([403, 403, 403]);
  });

  it("reach only the routes naming one of their scopes", async () => {
    expect((await usage(req("/api/usage", { headers: bearer(chatOnly) }))).status).toBe(403);
    expect((await usage(req("/api/usage", { headers: bearer(everything) }))).status).toBe(200);
  });

  it("are made with the scopes asked for (chat by default), listed with them; unknown scopes are refused", async () => {
    const cookie = await sessionCookieFor(adminId);
    const made = await createKey(
      req("/api/keys", { method: "POST", headers: { cookie }, body: { name: "reader", scopes: ["read", "chat"] } }),
    );
    expect(made.status).toBe(201);
    const plain = await createKey(req("/api/keys", { method: "POST", headers: { cookie }, body: { name: "plain" } }));
    expect(((await plain.json()) as { key: { scopes: string[] } }).key.scopes).toEqual(["chat"]);
    for (const scopes of [["admin"], ["billing"], [], "chat"]) {
      const bad = await createKey(
        req("/api/keys", { method: "POST", headers: { cookie }, body: { name: "x", scopes } }),
      );
      expect(bad.status, JSON.stringify(scopes)).toBe(400);
    }
    const listed = (await (await listKeys(req("/api/keys", { headers: { cookie } }))).json()) as {
      keys: { name: string; scopes: string[] }[];
    };
    expect(listed.keys.find((k) => k.name === "reader")?.scopes).toEqual(["chat", "read"]);
  });
});

describe("cross-origin and cross-site state changes", () => {
  it("are refused from a browser; the app's own pages and non-browser clients pass", async () => {
    const user = (await getDb().user.create({ data: { email: `csrf-${Date.now()}@example.com` } })).id;
    const cookie = await sessionCookieFor(user);
    const attempt = (headers: Record<string, string>) =>
      signOutAll(req("/api/account/sign-out-all", { method: "POST", headers: { cookie, ...headers } }));
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      // Another port of the same host is same-site, not same-origin.
      { origin: "http://localhost:4000", "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site", "content-type": "text/plain" },
      { origin: "null" },
    ];
    for (const headers of forged) expect((await attempt(headers)).status, JSON.stringify(headers)).toBe(403);
    expect(await getDb().session.count({ where: { userId: user } })).toBe(1);

    expect((await attempt({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).status).toBe(200);
    const again = await sessionCookieFor(user);
    expect(
      (await signOutAll(req("/api/account/sign-out-all", { method: "POST", headers: { cookie: again } }))).status,
    ).toBe(200);
  });
});

describe("guest rows", () => {
  it("are not made for invalid requests", async () => {
    const before = await guests();
    for (let i = 0; i < 20; i++) {
      const res = await chat(
        req("/api/chat", { method: "POST", headers: { "x-forwarded-for": "198.51.100.7" }, body: { message: 5 } }),
      );
      expect(res.status).toBe(400);
    }
    expect(await guests()).toBe(before);
  });

  it("are made only within the per-IP limit, and their cookie comes back even with an error", async () => {
    process.env.RATE_LIMIT_GUEST_IP_RPM = "3";
    resetEnvCache();
    try {
      const before = await guests();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // Valid, but for a conversation that does not exist: the guest is made, then 404.
        const res = await chat(
          req("/api/chat", {
            method: "POST",
            headers: { "x-forwarded-for": "198.51.100.8" },
            body: { message: "hi", conversationId: "c000000000000000000000000" },
          }),
        );
        statuses.push(res.status);
        if (res.status === 404) expect(res.headers.get("set-cookie")).toMatch(/^gc_guest=/);
        else expect(res.headers.get("set-cookie")).toBeNull();
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      expect(await guests()).toBe(before + 3);
    } finally {
      delete process.env.RATE_LIMIT_GUEST_IP_RPM;
      resetEnvCache();
    }
  });
});
