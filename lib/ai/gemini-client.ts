// The one Gemini client. With GEMINI_BASE_URL set (the launcher points it at the
// offline emulator when GEMINI_API_KEY is unset) the SDK talks to that host.
import { GoogleGenAI } from "@google/genai";
import { env } from "@/lib/config/env";

let client: GoogleGenAI | undefined;
let clientKey: string | undefined;

export function geminiClient(): GoogleGenAI {
  const e = env();
  const key = `${e.GEMINI_API_KEY ?? ""}|${e.GEMINI_BASE_URL ?? ""}`;
  if (!client || clientKey !== key) {
    client = new GoogleGenAI({
      apiKey: e.GEMINI_API_KEY ?? "local-emulator",
      ...(e.GEMINI_BASE_URL ? { httpOptions: { baseUrl: e.GEMINI_BASE_URL } } : {}),
    });
    clientKey = key;
  }
  return client;
}

/** True when answers come from the offline emulator (the UI labels them). */
export function usingEmulator(): boolean {
  return !env().GEMINI_API_KEY;
}
