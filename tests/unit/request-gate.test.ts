// The gate in front of Next: what no route could serve is a 4xx before Next
// sees it, bad cookies are dropped, and with no proxy in front (hops 0) the
// socket's address, never a header the client wrote, is the caller's IP.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { requestIp } from "@/lib/auth/request-ip";
import { env, resetEnvCache } from "@/lib/config/env";
import { cleanCookies, installRequestGate, refusal } from "@/lib/http/request-gate";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("request gate", () => {
  it.each(["TRACE", "TRACK", "CONNECT"])("refuses the %s method", (m) => {
    expect(refusal(m, "/api/health")?.status).toBe(405);
    expect(refusal(m, "/api/health")?.headers.allow).toContain("GET");
  });

  it.each([
    "/api/conversations/%C0%AF",
    "/api/conversations/%E0%80%AF/messages",
    "/chat/%ED%A0%80",
    "/api/keys/%zz",
    "/api/keys/%",
    "/api/conversations/a%00b",
    "/sign-in?callbackUrl=%00",
    "/api/auth/error?error=%00",
    "/x?a=%FF%FE",
  ])("refuses %s", (url) => {
    expect(refusal("GET", url)?.status).toBe(400);
  });

  it.each(["/", "/chat/c123?x=1&y=%C3%A9", "/api/auth/callback/email?token=ab&email=a%40b.co", "/a+b?q=a+b%2Bc"])(
    "lets %s through",
    (url) => {
      expect(refusal("GET", url)).toBeNull();
    },
  );

  it("drops only the cookies holding NUL, control characters or invalid UTF-8", () => {
    expect(
      cleanCookies("a=1; next-auth.session-token=%00; b=%C0%AF; c=ok%20x")
        .split(";")
        .map((s) => s.trim()),
    ).toEqual(["a=1", "c=ok%20x"]);
  });

  it("answers refused requests itself, and records the peer address over any the client sent", async () => {
    // The server's settings, validated at its start.
    process.env.DATABASE_URL = "postgresql://x@localhost/db";
    process.env.TRUSTED_PROXY_HOPS = "0";
    resetEnvCache();
    installRequestGate();
    let seen: http.IncomingHttpHeaders | undefined;
    const server = http.createServer((req, res) => {
      seen = req.headers;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const trace = await fetch(`http://127.0.0.1:${port}/x`, { method: "PATCH" }).then((r) => r.status);
      expect(trace).toBe(200);
      // fetch cannot send TRACE; node:http can.
      const traced = await new Promise<{ status?: number; allow?: string; body: string }>((resolve, reject) => {
        const r = http.request({ port, host: "127.0.0.1", path: "/api/health", method: "TRACE" }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode, allow: res.headers.allow, body }));
        });
        r.on("error", reject);
        r.end();
      });
      expect(traced.status).toBe(405);
      expect(traced.allow).toContain("POST");
      expect(JSON.parse(traced.body).error.code).toBe("method_not_allowed:api");
      const bad = await fetch(`http://127.0.0.1:${port}/api/keys/%C0%AF`);
      expect(bad.status).toBe(400);
      // A page visit on another host than APP_URL's is sent there before anything else runs.
      const page = await fetch(`http://127.0.0.1:${port}/chat?x=1`, { redirect: "manual" });
      expect(page.status).toBe(308);
      expect(page.headers.get("location")).toBe(new URL("/chat?x=1", env().APP_URL).href);
      await fetch(`http://127.0.0.1:${port}/api/echo`, {
        headers: { "x-peer-address": "1.2.3.4", "x-forwarded-for": "5.6.7.8" },
      });
      expect(seen?.["x-peer-address"]).toBe("127.0.0.1");
      expect(requestIp(new Request("http://x", { headers: seen as Record<string, string> }))).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
