// Loads the token counter's vocabulary right after start (tens of milliseconds
// from the build's cache file), so the first chat message does not wait for it.
import { logger } from "@/lib/log/logger";
import { startTokenCounter } from "./token-count";

export function warmUpChat(): void {
  const started = performance.now();
  startTokenCounter()
    .then(() => logger.debug({ ms: Math.round(performance.now() - started) }, "token counter ready"))
    // Not fatal: the next count loads it again and reports its own error there.
    .catch((err: unknown) => logger.error({ err }, "token counter failed to start"));
}
