// Runs once when a server instance starts: fail fast on bad configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigOrExit } = await import("./lib/ops/startup");
    validateConfigOrExit();
    // Before any request: refuse what no route could serve, record the peer address.
    const { installRequestGate } = await import("./lib/http/request-gate");
    installRequestGate();
    // The pool first: its connections open while the tokenizer loads.
    const { env } = await import("./lib/config/env");
    const { warmUpDatabase } = await import("./lib/db/warm-up");
    warmUpDatabase(env().DATABASE_POOL_SIZE);
    const { warmUpChat } = await import("./lib/ai/warm-up");
    warmUpChat();
    // Answers and usage a previous run kept while the database was away (lib/chat/outbox.ts).
    const { scheduleDrain } = await import("./lib/chat/outbox");
    scheduleDrain(1_000);
    // Holds of turns that died with their server are settled as their leases lapse.
    const { startDeadTurnSweep } = await import("./lib/chat/dead-turns");
    startDeadTurnSweep();
    // Asks the backend for each configured model now; /api/ready reports the result.
    const { modelCheck } = await import("./lib/ops/model-check");
    void modelCheck();
  }
}
