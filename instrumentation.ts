// Runs once when a server instance starts: fail fast on bad configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigOrExit } = await import("./lib/ops/startup");
    validateConfigOrExit();
    const { warmUpChat } = await import("./lib/ai/warm-up");
    warmUpChat();
  }
}
