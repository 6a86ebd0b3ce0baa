import { describe, expect, it } from "vitest";
import { plans } from "@/lib/billing/catalog";
import { ConfigError, parseEnv } from "@/lib/config/env";

const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/db" };
const STRIPE_IDS = [
  "STRIPE_PRICE_PRO_MONTHLY",
  "STRIPE_PRICE_PRO_YEARLY",
  "STRIPE_PRICE_TEAM_MONTHLY",
  "STRIPE_PRICE_TEAM_YEARLY",
  "STRIPE_PRODUCT_PRO",
  "STRIPE_PRODUCT_TEAM",
];

describe("environment config", () => {
  it("applies documented defaults", () => {
    const env = parseEnv(base);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(env.GEMINI_API_KEY).toBeUndefined();
  });

  it("names a missing DATABASE_URL", () => {
    expect(() => parseEnv({})).toThrowError(/DATABASE_URL/);
    try {
      parseEnv({});
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).variables).toEqual(["DATABASE_URL"]);
    }
  });

  it("names each bad variable", () => {
    const bad = { ...base, APP_URL: "not a url", LOG_LEVEL: "loud", SMTP_URL: "http://mail" };
    try {
      parseEnv(bad);
      expect.unreachable("parseEnv accepted bad values");
    } catch (e) {
      expect((e as ConfigError).variables.sort()).toEqual(["APP_URL", "LOG_LEVEL", "SMTP_URL"]);
      expect((e as Error).message).toContain("SMTP_URL must start with smtp://");
    }
  });

  it("rejects a non-postgres DATABASE_URL and a short AUTH_SECRET", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL must be a postgresql/);
    expect(() => parseEnv({ ...base, AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET must be at least 32/);
  });

  it("parses ADMIN_EMAILS into a normalised list", () => {
    expect(parseEnv({ ...base, ADMIN_EMAILS: " A@x.com, b@y.org ,," }).ADMIN_EMAILS).toEqual(["a@x.com", "b@y.org"]);
  });

  it("requires real service keys in production unless stand-ins are allowed", () => {
    const prod = { ...base, NODE_ENV: "production" };
    try {
      parseEnv(prod);
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).variables.sort()).toEqual(
        [
          "AUTH_SECRET",
          "GEMINI_API_KEY",
          "SMTP_URL",
          "STRIPE_SECRET_KEY",
          "STRIPE_WEBHOOK_SECRET",
          ...STRIPE_IDS,
        ].sort(),
      );
    }
    expect(parseEnv({ ...prod, ALLOW_STAND_INS: "1" }).NODE_ENV).toBe("production");
  });

  it("stops production without the Stripe catalog ids, naming each missing one", () => {
    const keys = {
      AUTH_SECRET: "s".repeat(40),
      GEMINI_API_KEY: "k",
      SMTP_URL: "smtp://mail",
      STRIPE_SECRET_KEY: "sk",
      STRIPE_WEBHOOK_SECRET: "wh",
    };
    const prod = { ...base, ...keys, NODE_ENV: "production", STRIPE_PRICE_PRO_MONTHLY: "price_live_1" };
    try {
      parseEnv(prod);
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).variables.sort()).toEqual(STRIPE_IDS.filter((k) => k !== "STRIPE_PRICE_PRO_MONTHLY"));
      expect((e as Error).message).toContain("STRIPE_PRICE_TEAM_YEARLY is required in production");
    }
  });

  it("builds the catalog from the configured ids, the emulator's ids when unset", () => {
    const ids = Object.fromEntries(STRIPE_IDS.map((k) => [k, `${k.toLowerCase()}_live`]));
    const configured = plans(parseEnv({ ...base, ...ids }));
    expect(configured.map((p) => p.productId)).toEqual(["stripe_product_pro_live", "stripe_product_team_live"]);
    expect(configured.flatMap((p) => p.prices.map((price) => price.id))).toEqual([
      "stripe_price_pro_monthly_live",
      "stripe_price_pro_yearly_live",
      "stripe_price_team_monthly_live",
      "stripe_price_team_yearly_live",
    ]);
    expect(plans(parseEnv(base))[0].prices[0].id).toBe("price_pro_monthly");
  });

  it("rejects a TRUSTED_PROXY_HOPS that is not 1-10", () => {
    expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: "nonsense" })).toThrowError(/TRUSTED_PROXY_HOPS/);
    expect(parseEnv({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });
});
