import { describe, expect, it } from "vitest";
import { canonicalLocation } from "@/lib/http/canonical-host";

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
});
