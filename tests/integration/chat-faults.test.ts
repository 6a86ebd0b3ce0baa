// What the user and the ledger see when Gemini misbehaves: retries honouring
// RetryInfo then fallback to the other model, a cut stream kept as partial with
// estimated usage, a blocked prompt, a stop by the client, and a retry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { getDb } from "@/lib/db/client";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { answerText, createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
beforeAll(async () => {
  emulator = await startChatEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const send = (cookie: string, body: Record<string, unknown>, signal?: AbortSignal) =>
  chat(request("/api/chat", { method: "POST", cookie, body, signal }));

describe("faults", () => {
  it("retries a 429 after the RetryInfo delay and answers with the same model", async () => {
    const user = await createUser();
    emulator.setFaults({ errors: [{ status: 429, times: 1, retryDelaySeconds: 0 }] });
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "hello" })));
    expect(done.status).toBe("complete");
    expect(done.message.model).toBe("gemini-3.8-flash");
    const calls = emulator.requests().filter((r) => r.method === "streamGenerateContent");
    expect(calls.map((c) => c.outcome)).toEqual(["fault:429", "ok"]);
  });

  it("falls back to the other model after retries on 503 are spent, and says so", async () => {
    const user = await createUser("pro");
    emulator.setFaults({ errors: [{ status: 503, times: 10, model: "gemini-3.8-flash" }] });
    const events = await readEvents(await send(user.cookie, { message: "hello" }));
    expect(events.some((e) => e.type === "model" && e.model === "gemini-4-argon")).toBe(true);
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.message.model).toBe("gemini-4-argon");
    expect(done.message.routingReason).toMatch(/kept failing \(503\), answered by Strong/);
    const calls = emulator.requests().filter((r) => r.method === "streamGenerateContent");
    expect(calls.map((c) => `${c.model}:${c.outcome}`)).toEqual([
      "gemini-3.8-flash:fault:503",
      "gemini-3.8-flash:fault:503",
      "gemini-3.8-flash:fault:503",
      "gemini-4-argon:ok",
    ]);
    // One ledger row per model: the failed one unbilled, the fallback billed.
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(ledger.map((l) => [l.model, l.outcome, Number(l.costMicros) > 0])).toEqual([
      ["gemini-3.8-flash", "error", false],
      ["gemini-4-argon", "ok", true],
    ]);
  });

  it("shows a specific error when every model fails", async () => {
    const user = await createUser("free");
    emulator.setFaults({ errors: [{ status: 429, times: 100, retryDelaySeconds: 0 }] });
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "hello" })));
    expect(done.status).toBe("error");
    expect(done.statusDetail).toMatch(/too many requests/i);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored.status).toBe("error");
  });

  it("answers again when the stream is cut after text: the client drops the partial text, both calls metered", async () => {
    const user = await createUser();
    emulator.setFaults({ random: { script: ["cut", "ok"] } });
    const events = await readEvents(await send(user.cookie, { message: "Tell me about streams" }));
    const restartAt = events.findIndex((e) => e.type === "restart");
    expect(restartAt).toBeGreaterThan(0);
    expect(events.slice(0, restartAt).some((e) => e.type === "delta")).toBe(true);
    const done = doneEvent(events);
    expect(done.status).toBe("complete");
    expect(done.message.content).toBe(answerText(events));
    const calls = emulator.requests().filter((r) => r.method === "streamGenerateContent");
    expect(calls.map((c) => c.outcome)).toEqual(["cut-after-2", "ok"]);
    // The cut call was served too: metered at its estimate, then the full answer.
    const ledger = await getDb().usageLedger.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(ledger.map((l) => [l.outcome, l.estimated])).toEqual([
      ["error", true],
      ["ok", false],
    ]);
    expect(ledger[0]!.outputTokens).toBeGreaterThan(0);
    const stored = await getDb().message.findUniqueOrThrow({ where: { id: done.message.id } });
    expect(stored.content).toBe(done.message.content);
    expect(stored.inputTokens).toBe(ledger[0]!.inputTokens + ledger[1]!.inputTokens);
  });

  it("keeps a stream cut on every try as a partial answer with estimated usage, never zero", async () => {
    const user = await createUser();
    emulator.setFaults({ cutStreamAfterChunks: 2 });
    const events = await readEvents(await send(user.cookie, { message: "Tell me about streams" }));
    const done = doneEvent(events);
    expect(done.status).toBe("partial");
    expect(done.statusDetail).toMatch(/connection to Gemini broke/);
    expect(done.message.content).toBe(answerText(events));
    expect(done.message.content.length).toBeGreaterThan(0);
    expect(done.usage.estimated).toBe(true);
    expect(done.usage.inputTokens).toBeGreaterThan(0);
    expect(done.usage.outputTokens).toBeGreaterThan(0);
    expect(done.usage.costMicros).toBeGreaterThan(0);
    const ledger = await getDb().usageLedger.findFirstOrThrow({ where: { userId: user.id } });
    expect(ledger.estimated).toBe(true);
    expect(ledger.totalTokens).toBeGreaterThan(0);
  });

  it("gives a blocked prompt its own status and message", async () => {
    const user = await createUser();
    const done = doneEvent(await readEvents(await send(user.cookie, { message: "something [[block]]" })));
    expect(done.status).toBe("blocked");
    expect(done.statusDetail).toMatch(/declined this message for safety reasons \(SAFETY\)/);
    const ledger = await getDb().usageLedger.findFirstOrThrow({ where: { userId: user.id } });
    expect(ledger.outcome).toBe("blocked");
  });

  it("stops when the client goes away and keeps what arrived, with estimated usage", async () => {
    const user = await createUser();
    emulator.setFaults({ chunkIntervalMs: 150 });
    const abort = new AbortController();
    const res = await send(user.cookie, { message: "a long story please" }, abort.signal);
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("event: delta")) seen += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    await reader.cancel();
    const conversationId = /"conversationId":"([^"]+)"/.exec(seen)![1];
    // The answer row is written alongside the model call, and settled after the abort.
    const find = () => getDb().message.findFirst({ where: { conversationId, role: "model" } });
    let stored = await find();
    for (let i = 0; i < 100 && (!stored || stored.status === "streaming"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await find();
    }
    if (!stored) throw new Error("answer not stored");
    expect(stored.status).toBe("partial");
    expect(stored.statusDetail).toMatch(/Stopped/);
    expect(stored.content.length).toBeGreaterThan(0);
    expect(stored.usageEstimated).toBe(true);
    const ledger = await getDb().usageLedger.findFirstOrThrow({ where: { userId: user.id } });
    expect(ledger).toMatchObject({ outcome: "aborted", estimated: true });
    expect(ledger.inputTokens).toBeGreaterThan(0);
  });

  it("still charges the call when the conversation is deleted while the answer streams", async () => {
    const user = await createUser();
    emulator.setFaults({ chunkIntervalMs: 100 });
    const res = await send(user.cookie, { message: "a long story please" });
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("event: delta")) seen += new TextDecoder().decode((await reader.read()).value);
    const conversationId = /"conversationId":"([^"]+)"/.exec(seen)![1]!;
    // The opening writes run alongside the model call: wait for them, then delete.
    for (let i = 0; i < 100 && (await getDb().message.count({ where: { conversationId } })) < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await getDb().conversation.delete({ where: { id: conversationId } });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    expect(seen).toMatch(/event: error\ndata: .*"code":"not_found:conversation"/);
    // The answer has nowhere to go, but the tokens were spent: settled, and in the ledger.
    const ledger = await getDb().usageLedger.findFirstOrThrow({ where: { userId: user.id } });
    expect(ledger).toMatchObject({ outcome: "ok", estimated: false, conversationId });
    expect(ledger.outputTokens).toBeGreaterThan(0);
    const hold = await getDb().budgetReservation.findUniqueOrThrow({ where: { id: ledger.reservationId! } });
    expect(hold.status).toBe("settled");
  });

  it("retries a failed answer in place", async () => {
    const user = await createUser("free");
    emulator.setFaults({ errors: [{ status: 500, times: 6 }] });
    const failed = doneEvent(await readEvents(await send(user.cookie, { message: "hello" })));
    expect(failed.status).toBe("error");
    const conversationId = (await getDb().message.findUniqueOrThrow({ where: { id: failed.message.id } }))
      .conversationId;
    emulator.reset();
    const retried = doneEvent(
      await readEvents(await send(user.cookie, { conversationId, retryOf: failed.message.id })),
    );
    expect(retried.status).toBe("complete");
    const messages = await getDb().message.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["model", "complete"],
    ]);
    // A complete answer cannot be retried.
    const again = await send(user.cookie, { conversationId, retryOf: retried.message.id });
    expect(again.status).toBe(409);
  });
});
