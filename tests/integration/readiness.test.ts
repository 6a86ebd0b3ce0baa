import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { withGeminiEmulator } from "../helpers/gemini";

// Readiness also asks the model backend for the configured models (readiness-models.test.ts).
withGeminiEmulator();

const get = (path: string) => new NextRequest(`http://localhost${path}`);

describe("health and readiness", () => {
  it("liveness answers without touching the database", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://nobody:x@127.0.0.1:1/none";
    try {
      const res = await health(get("/api/health"));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });

  it("is ready when the database answers", async () => {
    const res = await ready(get("/api/ready"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("ready");
    expect(typeof body.database.latencyMs).toBe("number");
  });

  it("answers 503 with a JSON reason when the database is down", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://nobody:x@127.0.0.1:1/none";
    try {
      const res = await ready(get("/api/ready"));
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.code).toBe("unavailable:database");
      expect(body.error.reason).toMatch(/^database: \S/);
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
