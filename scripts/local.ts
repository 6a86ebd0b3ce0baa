// npm run dev / npm start: the whole product on one machine with no accounts.
// Missing DATABASE_URL -> embedded PostgreSQL under .data/ with migrations applied.
// Missing service keys -> the project's local stand-ins (see stand-ins/).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isPortFree } from "../lib/db/embedded";
import { startLocalServices } from "./local-services";
import { PRODUCTION_NODE_FLAGS } from "./server-node-flags";

type Mode = "dev" | "start";

async function main() {
  const mode = (process.argv[2] ?? "dev") as Mode;
  if (mode !== "dev" && mode !== "start") throw new Error("usage: tsx scripts/local.ts dev|start");
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const port = Number(process.env.PORT ?? 3000);
  // Only this machine can reach a local run unless HOSTNAME says otherwise (e.g. 0.0.0.0);
  // with nothing in front, the socket's address is the caller's (TRUSTED_PROXY_HOPS=0).
  const hostname = process.env.HOSTNAME ?? "127.0.0.1";
  process.env.TRUSTED_PROXY_HOPS ??= "0";
  if (!(await isPortFree(port, hostname))) {
    throw new Error(`Port ${port} is taken. Stop the other server or run with PORT=<free port>.`);
  }
  process.env.APP_URL ??= `http://localhost:${port}`;

  const services = await startLocalServices({
    dataDir: process.env.LOCAL_DATA_DIR ?? ".data",
    appUrl: process.env.APP_URL,
  });
  const env: NodeJS.ProcessEnv = { ...process.env, ...services.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };

  const child =
    mode === "dev"
      ? spawn(process.execPath, [nextBin(), "dev", "-p", String(port), "-H", hostname], { stdio: "inherit", env })
      : spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, standaloneServer()], {
          stdio: "inherit",
          env: { ...env, NODE_ENV: "production", HOSTNAME: hostname },
        });

  // Stops in every case: the services' stops are bounded (a database restarted or
  // killed under us is found by its data dir), the whole stop gives up after 20 s,
  // and a second Ctrl-C exits at once.
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return process.exit(code || 130);
    stopping = true;
    setTimeout(() => process.exit(code || 1), 20_000).unref();
    child.kill("SIGTERM");
    await services.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
  console.log(
    `\n  Gemini Chat (${mode}) on ${process.env.APP_URL}\n${services.summary.map((s) => `  - ${s}`).join("\n")}\n`,
  );
}

function nextBin(): string {
  return path.join("node_modules", "next", "dist", "bin", "next");
}

function standaloneServer(): string {
  const server = path.join(".next", "standalone", "server.js");
  if (!fs.existsSync(server)) throw new Error("No production build found: run `npm run build` first.");
  return server;
}

main().catch((err) => {
  console.error(`\n  Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
