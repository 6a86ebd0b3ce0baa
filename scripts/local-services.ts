// Starts what a local run needs and returns the environment that points the app
// at it. Shared by the launcher and the end-to-end test setup.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDb } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { plans } from "../lib/billing/catalog";
import { startGeminiEmulator } from "../stand-ins/gemini/server";
import { startStripeEmulator } from "../stand-ins/stripe/server";

export interface LocalServices {
  env: Record<string, string>;
  summary: string[];
  stop(): Promise<void>;
}

export async function startLocalServices(opts: {
  dataDir: string;
  appUrl: string;
  pgPort?: number;
}): Promise<LocalServices> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const env: Record<string, string> = { ALLOW_STAND_INS: "1" };
  const summary: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  if (!process.env.DATABASE_URL) {
    const pgPort = opts.pgPort ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    const pg: EmbeddedDb = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, "pg"), port: pgPort });
    stops.push(() => pg.stop());
    await migrateDeploy(pg.url);
    env.DATABASE_URL = pg.url;
    env.DATABASE_EMBEDDED = "1";
    summary.push(
      `Database: embedded PostgreSQL on port ${pgPort} (data in ${path.join(opts.dataDir, "pg")}, migrations applied)`,
    );
  } else {
    summary.push("Database: DATABASE_URL (run `npm run db:migrate` to apply migrations)");
  }

  // Served answers waiting for the database survive a restart of the launcher.
  env.CHAT_OUTBOX_DIR = process.env.CHAT_OUTBOX_DIR ?? path.join(path.resolve(opts.dataDir), "outbox");

  if (!process.env.AUTH_SECRET) env.AUTH_SECRET = persistentSecret(path.join(opts.dataDir, "auth-secret"));

  if (!process.env.GEMINI_API_KEY) {
    const gemini = await startGeminiEmulator({ port: Number(process.env.GEMINI_EMULATOR_PORT ?? 0) });
    stops.push(() => gemini.close());
    env.GEMINI_BASE_URL = gemini.url;
    summary.push(`Gemini: offline emulator at ${gemini.url} (set GEMINI_API_KEY for the real API)`);
  }

  if (!process.env.STRIPE_SECRET_KEY) {
    const webhookSecret = persistentSecret(path.join(opts.dataDir, "stripe-webhook-secret"), "whsec_");
    const stripe = await startStripeEmulator({
      port: Number(process.env.STRIPE_EMULATOR_PORT ?? 0),
      webhookUrl: `${opts.appUrl}/api/webhooks/stripe`,
      webhookSecret,
      stateFile: path.join(opts.dataDir, "stripe-emulator.json"),
      catalog: plans(process.env).map((p) => ({ productId: p.productId, productName: p.name, prices: p.prices })),
    });
    stops.push(() => stripe.close());
    env.STRIPE_API_URL = stripe.url;
    env.STRIPE_WEBHOOK_SECRET = webhookSecret;
    summary.push(`Stripe: emulator at ${stripe.url}, no real money (set STRIPE_SECRET_KEY for real Stripe)`);
  }

  if (!process.env.SMTP_URL) summary.push("Email: local mailbox (set SMTP_URL to send real mail)");

  return {
    env,
    summary,
    async stop() {
      for (const s of stops.reverse()) await s().catch((e) => console.error(e));
    },
  };
}

// A random secret kept under the data folder, so sessions survive restarts.
function persistentSecret(file: string, prefix = ""): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = prefix + crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
