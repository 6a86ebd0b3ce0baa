// The generate requests the app sends, read as the Gemini API receives them:
// the SDK's fetch is watched (and let through), so a test sees the wire body.
import { vi } from "vitest";

export interface WireRequest {
  systemInstruction?: { parts: { text: string }[] };
  contents: { role: string; parts: { text?: string }[] }[];
}

/** Records the body of every streamed generation from now on; undo with vi.restoreAllMocks(). */
export function recordGenerations(): WireRequest[] {
  const seen: WireRequest[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes(":streamGenerateContent") && typeof init?.body === "string") seen.push(JSON.parse(init.body));
    return realFetch(input, init);
  });
  return seen;
}

export const systemText = (r: WireRequest) => (r.systemInstruction?.parts ?? []).map((p) => p.text).join("");
