import { describe, expect, it } from "vitest";
import { AppError, STATUS, toAppError } from "@/lib/http/app-error";

describe("AppError", () => {
  it("maps each error type to its HTTP status", () => {
    expect(new AppError("rate_limit:chat", "slow down").status).toBe(429);
    expect(new AppError("budget_exceeded:chat", "out").status).toBe(402);
    expect(new AppError("not_found:conversation", "gone").status).toBe(404);
    expect(new AppError("unavailable:database", "down").status).toBe(503);
    expect(new AppError("method_not_allowed:api", "no").status).toBe(405);
    expect(new AppError("unsupported_media:attachment", "not an image").status).toBe(415);
    expect(Object.keys(STATUS)).toHaveLength(14);
  });

  it("renders a JSON body with code, type, message and details", async () => {
    const err = new AppError("budget_exceeded:chat", "Daily budget used up.", {
      details: { resetAt: "2026-01-01T00:00:00.000Z" },
      headers: { "Retry-After": "30" },
    });
    const res = err.toResponse();
    expect(res.status).toBe(402);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toEqual({
      error: {
        code: "budget_exceeded:chat",
        type: "budget_exceeded",
        message: "Daily budget used up.",
        resetAt: "2026-01-01T00:00:00.000Z",
      },
    });
  });

  it("turns unknown errors into a 500 that hides internals", async () => {
    const err = toAppError(new Error("password=hunter2 at db.ts:12"), "chat");
    expect(err.code).toBe("internal:chat");
    expect(err.status).toBe(500);
    const body = JSON.stringify(err.toBody());
    expect(body).not.toContain("hunter2");
    expect(body).not.toContain("db.ts");
  });

  it("passes AppErrors through unchanged", () => {
    const original = new AppError("forbidden:admin", "no");
    expect(toAppError(original)).toBe(original);
  });
});
