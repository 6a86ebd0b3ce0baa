// The server Playwright tests run against: the production build on a fresh
// embedded database, started exactly like `npm start`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { E2E } from "../tests/e2e/env";

fs.rmSync(E2E.dataDir, { recursive: true, force: true });
for (const key of ["DATABASE_URL", "GEMINI_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SMTP_URL"])
  delete process.env[key];

const child = spawn(process.execPath, ["--import", "tsx", "scripts/local.ts", "start"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: String(E2E.appPort),
    APP_URL: E2E.appUrl,
    LOCAL_DATA_DIR: E2E.dataDir,
    EMBEDDED_PG_PORT: String(E2E.pgPort),
    GEMINI_EMULATOR_PORT: String(E2E.geminiPort),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // Every browser of the suite is a new guest from 127.0.0.1, so the per-IP guest
    // limits (20 a minute) would refuse whichever test came after the twentieth;
    // they are tested on servers of their own (security-headers.spec.ts, integration).
    RATE_LIMIT_GUEST_IP_RPM: process.env.RATE_LIMIT_GUEST_IP_RPM ?? "10000",
  },
});
const forward = (sig: NodeJS.Signals) => child.kill(sig);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
child.on("exit", (code) => process.exit(code ?? 0));
