// The server the security specs probe, one per spec file: the production build on
// the e2e database with the Gemini and Stripe stand-ins, an admin email and no proxy
// in front, plus the database connection to make users and their sessions with.
import crypto from "node:crypto";
import { test } from "@playwright/test";
import pg from "pg";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { startGeminiEmulator, type GeminiEmulator } from "../../stand-ins/gemini/server";
import { startStripeEmulator, type StripeEmulator } from "../../stand-ins/stripe/server";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../helpers/standalone";
import { E2E } from "./env";

export interface SecurityServer {
  /** The server's address (once beforeAll has run). */
  readonly url: string;
  /** A connection to the server's database (once beforeAll has run). */
  readonly db: pg.Client;
  /** This run's stamp, for ids and emails of its own. */
  readonly stamp: number;
  /** The email the server treats as an admin's. */
  readonly adminEmail: string;
  /** A database session for `userId`, as the cookie that carries it. */
  sessionFor(userId: string): Promise<string>;
}

/** Starts the server before the spec's tests and stops it after them. */
export function securityServer(): SecurityServer {
  let app: BootedServer;
  let gemini: GeminiEmulator;
  let stripe: StripeEmulator;
  let db: pg.Client;
  const stamp = Date.now();
  const adminEmail = `fuzz-admin-${stamp}@example.test`;

  test.beforeAll(async () => {
    db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
    await db.connect();
    gemini = await startGeminiEmulator();
    stripe = await startStripeEmulator({ webhookSecret: PRODUCTION_LIKE_ENV.STRIPE_WEBHOOK_SECRET });
    // The stand-ins rather than placeholder keys, so well-formed calls get real answers, not upstream errors.
    app = await bootStandalone({
      databaseUrl: E2E.databaseUrl,
      env: {
        ADMIN_EMAILS: adminEmail,
        // Nothing in front of this server: the socket's address is the caller's.
        TRUSTED_PROXY_HOPS: "0",
        ALLOW_STAND_INS: "1",
        GEMINI_API_KEY: "",
        GEMINI_BASE_URL: gemini.url,
        STRIPE_SECRET_KEY: "",
        STRIPE_API_URL: stripe.url,
        SMTP_URL: "",
      },
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await gemini?.close();
    await stripe?.close();
    await db?.end();
  });

  return {
    get url() {
      return app.url;
    },
    get db() {
      return db;
    },
    stamp,
    adminEmail,
    async sessionFor(userId: string): Promise<string> {
      const token = crypto.randomUUID();
      await db.query(
        "INSERT INTO sessions (id, session_token, user_id, expires) VALUES ($1, $2, $3, now() + interval '7 days')",
        [`fz${crypto.randomBytes(8).toString("hex")}`, token, userId],
      );
      return `next-auth.session-token=${token}`;
    },
  };
}
