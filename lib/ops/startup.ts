import { ConfigError, env } from "@/lib/config/env";

/** A server with bad configuration must not start half-working: print what is wrong and exit. */
export function validateConfigOrExit(): void {
  try {
    env();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
