import { describe, expect, it } from "vitest";
import { canonicalLocation } from "@/lib/http/canonical-host";
import { config } from "@/proxy";

const APP = "http://localhost:3000";

describe("canonical host", () => {
  it("sends a page visit on a loopback address to APP_URL's host, path and query kept", () => {
    expect(canonicalLocation("GET", "127.0.0.1:3000", "/chat?x=1", APP)).toBe("http://localhost:3000/chat?x=1");
    expect(canonicalLocation("HEAD", "[::1]:3000", "/", APP)).toBe("http://localhost:3000/");
  });

  it("leaves the canonical host, the API, Next's assets and other methods alone", () => {
    expect(canonicalLocation("GET", "localhost:3000", "/chat", APP)).toBeNull();
    expect(canonicalLocation("GET", "127.0.0.1:3000", "/api/health", APP)).toBeNull();
    expect(canonicalLocation("GET", "127.0.0.1:3000", "/_next/static/x.js", APP)).toBeNull();
    expect(canonicalLocation("POST", "127.0.0.1:3000", "/chat", APP)).toBeNull();
    expect(canonicalLocation("GET", undefined, "/chat", APP)).toBeNull();
  });

  // Next needs proxy.ts's matcher as a literal, so the list of what is not a page
  // is written twice; this keeps the two in step.
  it("takes for a page exactly what proxy.ts's matcher runs on", () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    for (const path of ["/", "/chat", "/chat/c1", "/sign-in", "/pricing", "/apis", "/icons-page"].concat([
      "/api/health",
      "/api/auth/session",
      "/_next/static/x.js",
      "/icon.svg",
      "/favicon.ico",
    ])) {
      const redirected = canonicalLocation("GET", "127.0.0.1:3000", path, APP) !== null;
      expect(redirected, path).toBe(matcher.test(path));
    }
  });
});
