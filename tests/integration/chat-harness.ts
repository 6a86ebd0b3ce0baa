// Shared setup for chat integration tests: a Gemini emulator the app's SDK
// client points at, users of a chosen tier, and a reader for the SSE answer.
import { NextRequest } from "next/server";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { parseEvents, type ChatEvent } from "@/lib/chat/events";
import type { GeminiEmulator } from "@/stand-ins/gemini/server";
import { cookieHeaderFor } from "../helpers/auth";
import { startAppGeminiEmulator } from "../helpers/gemini";

export async function startChatEmulator(): Promise<GeminiEmulator> {
  const emulator = await startAppGeminiEmulator();
  // Small waits so retry tests stay fast; RetryInfo is still read, then capped.
  process.env.GEMINI_RETRY_BASE_MS = "5";
  process.env.GEMINI_RETRY_MAX_DELAY_MS = "40";
  process.env.GEMINI_MAX_RETRIES = "2";
  resetEnvCache();
  return emulator;
}

export async function createUser(tier: Tier = "pro"): Promise<{ id: string; cookie: string }> {
  const user = await getDb().user.create({ data: { tier, isGuest: tier === "guest" } });
  return { id: user.id, cookie: cookieHeaderFor(user.id) };
}

export function request(
  path: string,
  init: { method?: string; cookie?: string; body?: unknown; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.cookie) headers.cookie = init.cookie;
  return new NextRequest(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
}

/** Reads a whole SSE chat response into its events. */
export async function readEvents(res: Response): Promise<ChatEvent[]> {
  const text = await res.text();
  return parseEvents(text.endsWith("\n\n") ? text : `${text}\n\n`).events;
}

/** The answer as a client shows it: deltas since the last restart. */
export function answerText(events: ChatEvent[]): string {
  const from = events.findLastIndex((e) => e.type === "restart") + 1;
  return events
    .slice(from)
    .flatMap((e) => (e.type === "delta" ? [e.text] : []))
    .join("");
}

export function doneEvent(events: ChatEvent[]) {
  const done = events.find((e) => e.type === "done");
  if (!done || done.type !== "done") throw new Error(`no done event in ${JSON.stringify(events)}`);
  return done;
}

export const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
