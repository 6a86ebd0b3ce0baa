import { afterEach, describe, expect, it } from "vitest";
import { allowedModels, mergePreferences, readPreferences } from "@/lib/account/preferences";
import { bearerToken, hashApiKey, newApiKeySecret } from "@/lib/auth/api-key-secret";
import { requestIp } from "@/lib/auth/request-ip";
import { resetEnvCache } from "@/lib/config/env";
import { localMailboxActive } from "@/lib/mail/mailbox";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("requestIp", () => {
  it("believes only the X-Forwarded-For entries the trusted proxies appended, from the right", () => {
    process.env.DATABASE_URL = "postgresql://x@localhost/db";
    resetEnvCache();
    const r = (xff: string) => new Request("http://x", { headers: { "x-forwarded-for": xff } });
    // The client wrote the first entry itself; Google's front end appended the second.
    expect(requestIp(r(" 198.51.100.66 , 203.0.113.9 "))).toBe("203.0.113.9");
    expect(requestIp(r("203.0.113.9"))).toBe("203.0.113.9");
    // Behind a load balancer too: two trusted hops.
    process.env.TRUSTED_PROXY_HOPS = "2";
    resetEnvCache();
    expect(requestIp(r("198.51.100.66, 203.0.113.9, 35.191.0.1"))).toBe("203.0.113.9");
    expect(requestIp(r("203.0.113.9"))).toBe("203.0.113.9");
    expect(requestIp(new Request("http://x"))).toBeNull();
  });
});

describe("API key secrets", () => {
  it("are random, prefixed, and stored only as a sha256 hash", () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.secret));
    expect(a.hash).not.toContain(a.secret.slice(4));
  });

  it("parse only well-formed Bearer headers", () => {
    expect(bearerToken("Bearer gck_abc")).toBe("gck_abc");
    expect(bearerToken("bearer  gck_abc ")).toBe("gck_abc");
    expect(bearerToken("Basic Zm9v")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
  });
});

describe("preferences", () => {
  it("fall back to defaults for junk, field by field", () => {
    expect(readPreferences({ theme: "dark", historyLength: "lots", aboutMe: 42, answerStyle: " Short. " })).toEqual({
      defaultModel: "auto",
      historyLength: 20,
      theme: "dark",
      aboutMe: "",
      answerStyle: "Short.",
    });
  });

  it("allow the strong model only on tiers that include it", () => {
    expect(allowedModels("free")).toEqual(["auto", "fast"]);
    expect(allowedModels("pro")).toContain("strong");
    const current = readPreferences({});
    expect(() => mergePreferences(current, { defaultModel: "strong" }, "free")).toThrow(/plan/);
    expect(mergePreferences(current, { defaultModel: "strong" }, "team").defaultModel).toBe("strong");
  });
});

describe("local mailbox", () => {
  it("is active only without SMTP_URL and never in real production", () => {
    process.env.DATABASE_URL = "postgresql://x@localhost/db";
    delete process.env.SMTP_URL;
    Object.assign(process.env, { NODE_ENV: "development" });
    resetEnvCache();
    expect(localMailboxActive()).toBe(true);
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    resetEnvCache();
    expect(localMailboxActive()).toBe(false);
    delete process.env.SMTP_URL;
    Object.assign(process.env, {
      NODE_ENV: "production",
      ALLOW_STAND_INS: "0",
      AUTH_SECRET: "x".repeat(40),
      GEMINI_API_KEY: "k",
      STRIPE_SECRET_KEY: "k",
      STRIPE_WEBHOOK_SECRET: "k",
      SMTP_URL: "smtp://mail:25",
      STRIPE_PRODUCT_PRO: "prod_1",
      STRIPE_PRODUCT_TEAM: "prod_2",
      STRIPE_PRICE_PRO_MONTHLY: "price_1",
      STRIPE_PRICE_PRO_YEARLY: "price_2",
      STRIPE_PRICE_TEAM_MONTHLY: "price_3",
      STRIPE_PRICE_TEAM_YEARLY: "price_4",
    });
    resetEnvCache();
    expect(localMailboxActive()).toBe(false);
    process.env.SMTP_URL = "";
    process.env.ALLOW_STAND_INS = "1";
    resetEnvCache();
    expect(localMailboxActive()).toBe(true);
  });
});

describe("session cookie", () => {
  it("is __Secure- prefixed over https (production) and plain on local http", async () => {
    const { sessionCookieName } = await import("@/lib/auth/session-cookie");
    process.env.DATABASE_URL = "postgresql://x@localhost/db";
    process.env.APP_URL = "https://chat.example.com";
    resetEnvCache();
    expect(sessionCookieName()).toBe("__Secure-next-auth.session-token");
    process.env.APP_URL = "http://localhost:3000";
    resetEnvCache();
    expect(sessionCookieName()).toBe("next-auth.session-token");
  });
});
