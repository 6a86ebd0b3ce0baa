import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";

const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/db" };

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
        ["AUTH_SECRET", "GEMINI_API_KEY", "SMTP_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"].sort(),
      );
    }
    expect(parseEnv({ ...prod, ALLOW_STAND_INS: "1" }).NODE_ENV).toBe("production");
  });
});
