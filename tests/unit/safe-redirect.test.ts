// Every redirect target goes through one check: only same-origin paths come out.
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { safeRedirectPath, safeRedirectUrl } from "@/lib/http/safe-redirect";

beforeAll(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1/unused";
  resetEnvCache();
});

describe("safeRedirectPath", () => {
  it("keeps paths and same-origin URLs, as paths", () => {
    expect(safeRedirectPath("/account")).toBe("/account");
    expect(safeRedirectPath("/chat/abc?x=1#y")).toBe("/chat/abc?x=1#y");
    expect(safeRedirectPath("http://localhost:3000/pricing?checkout=1")).toBe("/pricing?checkout=1");
    expect(safeRedirectPath("http://localhost:3000")).toBe("/");
    expect(safeRedirectPath("/a/../b")).toBe("/b");
  });

  it.each([
    "/\\evil.example",
    "/\t/evil.example",
    "/\\/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "http://localhost:3000@evil.example/",
    "http://localhost:4000/",
    "javascript:alert(1)",
    "data:text/html,x",
    " /account",
    "account",
    "/\u0000x",
    "/\ud800",
    "/" + "a".repeat(3000),
    "",
  ])("refuses %j", (target) => {
    expect(safeRedirectPath(target)).toBe("/chat");
  });

  it("refuses what is not a string, and answers the fallback asked for", () => {
    for (const v of [undefined, null, 5, ["/account"], { url: "/account" }]) expect(safeRedirectPath(v, "/")).toBe("/");
  });

  it("gives next-auth an absolute URL on this origin", () => {
    expect(safeRedirectUrl("/account")).toBe("http://localhost:3000/account");
    expect(safeRedirectUrl("https://evil.example/", "/")).toBe("http://localhost:3000/");
  });
});
