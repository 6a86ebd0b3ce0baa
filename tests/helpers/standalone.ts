// Boots the Next standalone server (what the Dockerfile's runner stage runs) as a
// child process and waits for /api/ready. Used by tests and benchmarks. Readiness
// includes the check that the configured Gemini models exist, so a server given
// no GEMINI_BASE_URL gets a Gemini emulator of its own, closed with the server.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../../lib/db/embedded";
import { startGeminiEmulator, type GeminiEmulator } from "../../stand-ins/gemini/server";
import { PRODUCTION_NODE_FLAGS } from "../../scripts/server-node-flags";

export interface BootedServer {
  url: string;
  child: ChildProcess;
  readyMs: number;
  output: () => string;
  rssKb(): number;
  /** CPU time the server has used so far (user + system, all threads), in ms; Linux /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

// Production-shaped configuration with placeholder keys: nothing is called at boot.
export const PRODUCTION_LIKE_ENV = {
  NODE_ENV: "production" as const,
  AUTH_SECRET: "x".repeat(40),
  GEMINI_API_KEY: "placeholder-gemini-key",
  STRIPE_SECRET_KEY: "sk_test_placeholder",
  STRIPE_WEBHOOK_SECRET: "whsec_placeholder",
  SMTP_URL: "smtp://127.0.0.1:2525",
  // The Stripe emulator's catalog ids (lib/billing/catalog.ts), required in production.
  STRIPE_PRODUCT_PRO: "prod_pro",
  STRIPE_PRODUCT_TEAM: "prod_team",
  STRIPE_PRICE_PRO_MONTHLY: "price_pro_monthly",
  STRIPE_PRICE_PRO_YEARLY: "price_pro_yearly",
  STRIPE_PRICE_TEAM_MONTHLY: "price_team_monthly",
  STRIPE_PRICE_TEAM_YEARLY: "price_team_yearly",
  LOG_LEVEL: "warn",
};

export async function bootStandalone(opts: {
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
  timeoutMs?: number;
}): Promise<BootedServer> {
  const server = ".next/standalone/server.js";
  if (!fs.existsSync(server)) throw new Error("No standalone build: run `npm run build` first");
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let out = "";
  const t0 = performance.now();
  // The production flags, then any a benchmark adds to profile the server:
  // SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = process.env.SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const gemini: GeminiEmulator | null =
    opts.env?.GEMINI_BASE_URL === undefined ? await startGeminiEmulator({ faults: { chunkIntervalMs: 0 } }) : null;
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, ...extra, server], {
    env: {
      PATH: process.env.PATH,
      ...PRODUCTION_LIKE_ENV,
      APP_URL: url,
      ...(gemini ? { GEMINI_BASE_URL: gemini.url } : {}),
      ...opts.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let readyMs = -1;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await gemini?.close();
      throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    }
    const res = await fetch(`${url}/api/ready`).catch(() => null);
    if (res?.status === 200) {
      readyMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (readyMs < 0) {
    child.kill("SIGKILL");
    await gemini?.close();
    throw new Error(`server not ready in time:\n${out}`);
  }
  return {
    url,
    child,
    readyMs,
    output: () => out,
    rssKb() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? -1);
    },
    cpuMs() {
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8");
      // utime and stime in USER_HZ ticks (100 a second), after the parenthesised command name.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await gemini?.close();
    },
  };
}
