// CLI: npx tsx stand-ins/gemini/main.ts [--port 8081] [--host 127.0.0.1]
// Faults come from GEMINI_EMULATOR_FAULTS (JSON), e.g. '{"latencyMs":300}'.
import { parseArgs } from "node:util";
import { GeminiApiError } from "./errors";
import { faultsFromEnv } from "./faults";
import { startGeminiEmulator } from "./server";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "8081" }, host: { type: "string", default: "127.0.0.1" } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new GeminiApiError(400, `--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const emulator = await startGeminiEmulator({
    port,
    host: values.host,
    faults: faultsFromEnv(process.env.GEMINI_EMULATOR_FAULTS),
  });
  console.log(`Gemini emulator listening on ${emulator.url}`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("[gemini-emulator] close failed", err);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`[gemini-emulator] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
