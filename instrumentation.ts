// Runs once when a server instance starts: fail fast on bad configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, ConfigError } = await import("./lib/config/env");
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
