// Loads the tokenizer vocabulary (~2-3 s, ~400 MB) once per server, right after
// start, so the first chat message does not pay for it.
import { logger } from "@/lib/log/logger";
import { preloadTokenizer } from "./tokenizer";

export function warmUpChat(): void {
  // Deferred a tick so the server starts listening (and answers /api/ready) first.
  setTimeout(() => {
    try {
      const ms = preloadTokenizer();
      logger.debug({ ms }, "tokenizer loaded");
    } catch (err) {
      // Not fatal: counting retries the load on first use and reports its own error there.
      logger.error({ err }, "tokenizer preload failed");
    }
  }, 0);
}
