// Starts the token counter's worker, which loads the vocabulary (~2-3 s, ~400 MB
// in its own thread), right after start, so the first chat message does not wait.
import { logger } from "@/lib/log/logger";
import { startTokenCounter } from "./token-count";

export function warmUpChat(): void {
  const started = performance.now();
  startTokenCounter()
    .then(() => logger.debug({ ms: Math.round(performance.now() - started) }, "token counter ready"))
    // Not fatal: the next count starts a new worker and reports its own error there.
    .catch((err: unknown) => logger.error({ err }, "token counter failed to start"));
}
