import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/http/app-error";
import { route } from "@/lib/http/route";

function req(body?: string, init: { method?: string; headers?: Record<string, string>; url?: string } = {}) {
  return new NextRequest(init.url ?? "http://localhost/api/x", {
    method: init.method ?? "POST",
    body,
    headers: { "content-type": "application/json", ...init.headers },
  });
}

/** A request whose body is a stream sent without a Content-Length, as chunked uploads are. */
function chunked(body: ReadableStream<Uint8Array>) {
  const init = { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" };
  return new NextRequest(new Request("http://localhost/api/x", init as RequestInit));
}

const echo = route(
  { surface: "chat", access: "public", body: z.object({ text: z.string().min(1, "text must not be empty") }) },
  ({ body }) => Response.json({ got: body.text }),
);

describe("route wrapper", () => {
  it("passes validated input to the handler", async () => {
    const res = await echo(req(JSON.stringify({ text: "hi" })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: "hi" });
  });

  it("answers 400 with the failing field for invalid input", async () => {
    const res = await echo(req(JSON.stringify({ text: "" })));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request:chat");
    expect(body.error.message).toContain("text must not be empty");
    expect(body.error.issues[0].path).toBe("text");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await echo(req("{nope"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("Request body must be valid JSON.");
  });

  it("answers 413 for an oversized body", async () => {
    const small = route(
      { surface: "api", access: "public", body: z.object({}).loose(), maxBodyBytes: 10 },
      () => new Response("ok"),
    );
    const res = await small(req(JSON.stringify({ a: "x".repeat(50) })));
    expect(res.status).toBe(413);
  });

  it("answers 413 for a chunked body past the cap without reading the rest", async () => {
    const small = route(
      { surface: "api", access: "public", body: z.object({}).loose(), maxBodyBytes: 100 },
      () => new Response("ok"),
    );
    // No Content-Length, and far more than the cap: 2,000 chunks of 40 bytes.
    let pulled = 0;
    const long = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > 2_000) return controller.close();
        controller.enqueue(new TextEncoder().encode(`{"a":"${"x".repeat(32)}",`));
      },
    });
    const res = await small(chunked(long));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toBe("Request body is larger than 100 bytes.");
    // 3 chunks reach the cap; the stream's read-ahead may have pulled one or two more, never many.
    expect(pulled).toBeLessThan(8);
  });

  it("reads a chunked body within the cap, even with a character split between chunks", async () => {
    const bytes = new TextEncoder().encode('{"text":"hé"}');
    // Byte 11 is the middle of "é" (two bytes in UTF-8).
    const parts = [bytes.slice(0, 5), bytes.slice(5, 11), bytes.slice(11)];
    const split = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const res = await echo(chunked(split));
    expect(await res.json()).toEqual({ got: "hé" });
  });

  it("maps thrown AppErrors and hides unexpected ones", async () => {
    const limited = route({ surface: "chat", access: "public" }, () => {
      throw new AppError("rate_limit:chat", "Too many requests.", { headers: { "Retry-After": "5" } });
    });
    const res = await limited(req(undefined, { method: "GET" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");

    const broken = route({ surface: "chat", access: "public" }, () => {
      throw new TypeError("secret internals");
    });
    const res2 = await broken(req(undefined, { method: "GET" }));
    expect(res2.status).toBe(500);
    expect(JSON.stringify(await res2.json())).not.toContain("secret internals");
  });

  it("refuses protected routes without an identity", async () => {
    const guarded = route({ surface: "conversation", access: "identified" }, () => new Response("secret"));
    const res = await guarded(req(undefined, { method: "GET" }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized:conversation");
  });

  it("refuses a caller without an identity before judging the body it sent", async () => {
    // Whatever it sent, a refused caller learns only that it was refused.
    const guarded = route({ surface: "api", access: "user", body: z.object({ text: z.string() }) }, () => {
      throw new Error("the handler must not run");
    });
    for (const body of ["{not json", JSON.stringify({ text: 1 }), "x".repeat(2_000_000)]) {
      const res = await guarded(req(body));
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized:api");
    }
  });

  it("validates query strings", async () => {
    const q = route(
      { surface: "api", access: "public", query: z.object({ limit: z.coerce.number().int().max(50) }) },
      ({ query }) => Response.json(query),
    );
    expect((await q(req(undefined, { method: "GET", url: "http://localhost/api/x?limit=10" }))).status).toBe(200);
    expect((await q(req(undefined, { method: "GET", url: "http://localhost/api/x?limit=500" }))).status).toBe(400);
  });
});
