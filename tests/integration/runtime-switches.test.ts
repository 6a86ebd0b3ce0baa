// The operator's switches end to end on the database: set by an admin through the
// API (audited, refused to anyone else), re-read by every instance within
// SWITCH_TTL_MS, and applied where they act: the chat's routing (strong model),
// a guest's chat, and the sign-in of a new address.
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/chat/route";
import { PATCH as patchSwitches } from "@/app/api/admin/switches/route";
import { modelFor } from "@/lib/ai/models";
import { signInAllowed } from "@/lib/auth/sign-up-gate";
import { getDb } from "@/lib/db/client";
import { SWITCH_TTL_MS, switches } from "@/lib/ops/switches";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { createAdmin, sessionCookieFor } from "../helpers/auth";
import { createUser, doneEvent, readEvents, request, startChatEmulator } from "./chat-harness";

let emulator: GeminiEmulator;
let adminCookie: string;
let adminId: string;
let adminEmail: string;

beforeAll(async () => {
  emulator = await startChatEmulator();
  const admin = await createAdmin();
  adminId = admin.id;
  adminEmail = admin.email!;
  adminCookie = await sessionCookieFor(admin.id);
});
afterAll(() => emulator.close());
// Other test files share this database: every switch goes back on.
afterEach(() => setAs(adminCookie, { strongModel: true, guestChat: true, signUps: true }));

function setAs(cookie: string | null, body: unknown) {
  return patchSwitches(
    new NextRequest("http://localhost/api/admin/switches", {
      method: "PATCH",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    }),
  );
}

describe("setting switches", () => {
  it("is for admins only, audited once per change, and refuses a bad body clearly", async () => {
    const user = await createUser("pro");
    expect((await setAs(user.cookie, { guestChat: false })).status).toBe(403);
    expect((await setAs(null, { guestChat: false })).status).toBe(401);
    const bad = await setAs(adminCookie, { guestChat: "no" });
    expect(bad.status).toBe(400);
    expect((await setAs(adminCookie, {})).status).toBe(400);
    expect((await setAs(adminCookie, { darkMode: false })).status).toBe(400);
    expect(await switches(Date.now() + SWITCH_TTL_MS)).toEqual({ strongModel: true, guestChat: true, signUps: true });

    const since = new Date();
    const res = await setAs(adminCookie, { guestChat: false, signUps: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ strongModel: true, guestChat: false, signUps: true });
    const audit = await getDb().auditLog.findMany({ where: { action: "admin.switch", createdAt: { gte: since } } });
    // signUps was already on: only the change is recorded.
    expect(audit.map((a) => [a.actorId, a.targetId, a.metadata])).toEqual([
      [adminId, "guestChat", { from: true, to: false }],
    ]);
  });

  it("reaches another instance's cache within SWITCH_TTL_MS", async () => {
    const t0 = Date.now();
    expect((await switches(t0)).strongModel).toBe(true);
    // Another instance (a direct write, as its PATCH would make) turns it off.
    await getDb().runtimeSwitch.upsert({
      where: { key: "strongModel" },
      create: { key: "strongModel", on: false },
      update: { on: false },
    });
    expect((await switches(t0 + 10)).strongModel).toBe(true);
    expect((await switches(t0 + SWITCH_TTL_MS + 10)).strongModel).toBe(false);
  });
});

describe("applying switches", () => {
  const send = (cookie: string, body: Record<string, unknown>) =>
    chat(request("/api/chat", { method: "POST", cookie, body }));

  it("answers a strong-model request with the fast model while the strong model is off", async () => {
    const user = await createUser("pro");
    await setAs(adminCookie, { strongModel: false });
    const events = await readEvents(await send(user.cookie, { message: "Compare Rust and Go", model: "strong" }));
    const meta = events[0];
    expect(meta?.type === "meta" && meta.model).toBe(modelFor("fast").id);
    expect(doneEvent(events).status).toBe("complete");
    await setAs(adminCookie, { strongModel: true });
    const again = await readEvents(await send(user.cookie, { message: "Compare Rust and Go", model: "strong" }));
    expect(again[0]?.type === "meta" && again[0].model).toBe(modelFor("strong").id);
  });

  it("asks a guest to sign in while guest chat is off, and lets signed-in users chat", async () => {
    const guest = await createUser("guest");
    const user = await createUser("free");
    await setAs(adminCookie, { guestChat: false });
    const refused = await send(guest.cookie, { message: "hello" });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { message: string; signIn: boolean } };
    expect(body.error.message).toContain("Sign in");
    expect(body.error.signIn).toBe(true);
    expect(await getDb().conversation.count({ where: { userId: guest.id } })).toBe(0);
    expect(doneEvent(await readEvents(await send(user.cookie, { message: "hello" }))).status).toBe("complete");
    await setAs(adminCookie, { guestChat: true });
    expect(doneEvent(await readEvents(await send(guest.cookie, { message: "hello" }))).status).toBe("complete");
  });

  it("refuses a new address while sign-ups are off, and still signs in existing accounts and admins", async () => {
    await getDb().user.create({ data: { email: "existing@example.com" } });
    expect(await signInAllowed({ email: "newcomer@example.com" })).toBe(true);
    await setAs(adminCookie, { signUps: false });
    expect(await signInAllowed({ email: "newcomer@example.com" })).toMatch(/\/sign-in\?error=SignUpsClosed$/);
    expect(await signInAllowed({ email: "Existing@Example.com" })).toBe(true);
    expect(await signInAllowed({ email: adminEmail })).toBe(true);
  });
});
