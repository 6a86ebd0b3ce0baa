// The database down: every route answers 503 unavailable:<surface> with
// Retry-After, and the outage is logged once (a warning), not once per request
// with a stack; the first new connection afterwards logs that it is over.
import type { Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { GET as conversations } from "@/app/api/conversations/route";
import { logger } from "@/lib/log/logger";
import { startPgProxy, type PgProxy } from "@/tests/helpers/pg-proxy";
import { createUser, request, startChatEmulator } from "./chat-harness";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";

let proxy: PgProxy;
let emulator: GeminiEmulator;
beforeAll(async () => {
  proxy = await startPgProxy(process.env.DATABASE_URL!);
  process.env.DATABASE_URL = proxy.url;
  emulator = await startChatEmulator();
});
afterAll(async () => {
  await emulator.close();
  await proxy.close();
});

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (obj: unknown, msg?: string) =>
    void lines.push({ level, msg: typeof obj === "string" ? obj : (msg ?? "") });
  const fake = { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") } as unknown as Logger;
  (fake as unknown as { child: () => Logger }).child = () => fake;
  return { fake, lines };
}

describe("database unavailable", () => {
  it("answers 503 with Retry-After on every surface and logs the outage once", async () => {
    const user = await createUser();
    const { fake, lines } = recordingLogger();
    const child = vi.spyOn(logger, "child").mockImplementation(() => fake as never);
    const info = vi.spyOn(logger, "info");
    try {
      proxy.down();
      for (let i = 0; i < 3; i++) {
        const list = await conversations(request("/api/conversations", { cookie: user.cookie }));
        expect(list.status).toBe(503);
        expect(list.headers.get("retry-after")).toBe("5");
        const body = await list.json();
        expect(body.error.code).toBe("unavailable:conversation");
        expect(body.error.message).toMatch(/try again in a few seconds/);

        const sent = await chat(request("/api/chat", { method: "POST", cookie: user.cookie, body: { message: "hi" } }));
        expect(sent.status).toBe(503);
        expect(sent.headers.get("retry-after")).toBe("5");
        expect((await sent.json()).error.code).toBe("unavailable:chat");
      }
      expect(lines.filter((l) => l.level === "error")).toEqual([]);
      expect(lines.filter((l) => l.level === "warn").map((l) => l.msg)).toEqual([
        "database unavailable: answering 503 until it is back",
      ]);

      proxy.up();
      const back = await conversations(request("/api/conversations", { cookie: user.cookie }));
      expect(back.status).toBe(200);
      expect(info.mock.calls.some((c) => c[1] === "database reachable again")).toBe(true);
    } finally {
      child.mockRestore();
      info.mockRestore();
      proxy.up();
    }
  });
});
