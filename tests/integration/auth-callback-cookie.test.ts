// next-auth answers 500 to a callbackUrl cookie that is not a URL; ours is
// refused as the caller's error, in the one error shape, and cleared.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as authGet } from "@/app/api/auth/[...nextauth]/route";

describe("next-auth's callbackUrl cookie", () => {
  it("is cleared with a 400 bad_request:auth when it is not a path of this site", async () => {
    const res = await authGet(
      new NextRequest("http://localhost/api/auth/session", {
        headers: { cookie: "next-auth.callback-url=http%3A%2F%2F%5B%3A%3A1" },
      }),
      { params: Promise.resolve({ nextauth: ["session"] }) },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("set-cookie")).toBe("next-auth.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    expect(await res.json()).toEqual({
      error: { code: "bad_request:auth", type: "bad_request", message: "A sign-in cookie was invalid; it is cleared." },
    });
  });
});
