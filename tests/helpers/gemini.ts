// A Gemini emulator for tests, with the app's SDK client pointed at it. For tests
// that call the model layer directly, withGeminiEmulator() gives one per file,
// its faults cleared before each test.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { startGeminiEmulator, type GeminiEmulator } from "@/stand-ins/gemini/server";

/** Starts an emulator (answers in one burst) and points the app's SDK client at it. */
export async function startAppGeminiEmulator(): Promise<GeminiEmulator> {
  const emulator = await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } });
  delete process.env.GEMINI_API_KEY;
  process.env.GEMINI_BASE_URL = emulator.url;
  resetEnvCache();
  return emulator;
}

export function withGeminiEmulator(): () => GeminiEmulator {
  let emulator: GeminiEmulator | undefined;
  beforeAll(async () => {
    emulator = await startAppGeminiEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());
  return () => {
    if (!emulator) throw new Error("the Gemini emulator is not started yet");
    return emulator;
  };
}
