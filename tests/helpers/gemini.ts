// For tests that call the model layer directly: one Gemini emulator per file, the
// app's SDK client pointed at it, its faults cleared before each test, and the
// token counter stopped with it.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { stopTokenCounter } from "@/lib/ai/token-count";
import { resetEnvCache } from "@/lib/config/env";
import { startGeminiEmulator, type GeminiEmulator } from "@/stand-ins/gemini/server";

export function withGeminiEmulator(): () => GeminiEmulator {
  let emulator: GeminiEmulator | undefined;
  beforeAll(async () => {
    emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } });
    delete process.env.GEMINI_API_KEY;
    process.env.GEMINI_BASE_URL = emulator.url;
    resetEnvCache();
  });
  afterAll(async () => {
    await stopTokenCounter();
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());
  return () => {
    if (!emulator) throw new Error("the Gemini emulator is not started yet");
    return emulator;
  };
}
