import { buildCatalog, CatalogError } from "@/lib/ai/models";
import { ConfigError, env } from "@/lib/config/env";

/** A server with bad configuration must not start half-working: print what is wrong and exit. */
export function validateConfigOrExit(): void {
  try {
    // The model catalog too: a model with no known price would be metered wrong.
    buildCatalog(env());
  } catch (err) {
    if (err instanceof ConfigError || err instanceof CatalogError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
