// Every environment variable the app reads, validated once. A bad value stops the
// server at startup with a message naming the variable. Documented in .env.example.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));
const optionalUrl = optionalString.pipe(z.url().optional());

const fields = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_URL: z.url().default("http://localhost:3000"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required (npm run dev starts an embedded PostgreSQL and sets it)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  DATABASE_EMBEDDED: z.enum(["0", "1"]).default("0"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Idle pool connections are kept this long; reconnecting inside a burst is slow.
  DATABASE_POOL_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  GOOGLE_CLOUD_PROJECT: optionalString,
  // Which Gemini backend (lib/ai/gemini-client.ts): the Gemini API with GEMINI_API_KEY,
  // or Vertex AI in GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION with application default credentials.
  GEMINI_BACKEND: z.enum(["gemini-api", "vertex"]).default("gemini-api"),
  GOOGLE_CLOUD_LOCATION: z.string().min(1).default("global"),
  // Outside services: unset key => the project's local stand-in is used.
  GEMINI_API_KEY: optionalString,
  GEMINI_BASE_URL: optionalUrl,
  // Model catalog (lib/ai/catalog.ts, lib/ai/models.ts): unset => the catalog's default for the role.
  GEMINI_MODEL_FAST: optionalString,
  GEMINI_MODEL_STRONG: optionalString,
  GEMINI_MODEL_LITE: optionalString,
  GEMINI_PRICES_JSON: optionalString,
  // Model call faults (lib/ai/stream-model.ts).
  GEMINI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  GEMINI_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  GEMINI_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(0).default(10_000),
  GEMINI_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  // Context window of a chat (lib/chat/history.ts).
  CHAT_HISTORY_MAX_MESSAGES: z.coerce.number().int().min(2).default(30),
  CHAT_HISTORY_MAX_TOKENS: z.coerce.number().int().min(256).default(16_000),
  // A new conversation's title: written by the lite model after the first answer (metered), or its first line.
  CHAT_TITLES: z.enum(["model", "first-line"]).default("model"),
  // Database blips in a chat turn (lib/chat/final-write.ts, lib/chat/outbox.ts).
  CHAT_OPENING_WRITE_RETRY_MS: z.coerce.number().int().min(0).default(3_000),
  CHAT_FINAL_WRITE_RETRY_MS: z.coerce.number().int().min(0).default(10_000),
  CHAT_OUTBOX_DIR: optionalString,
  // Where attached files are kept (lib/files/store.ts): the mounted bucket in production.
  ATTACHMENTS_DIR: optionalString,
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: optionalUrl,
  // The real Stripe account's catalog (lib/billing/catalog.ts). Unset: the Stripe
  // emulator's ids; required in production, where those ids do not exist.
  STRIPE_PRODUCT_PRO: optionalString,
  STRIPE_PRODUCT_TEAM: optionalString,
  STRIPE_PRICE_PRO_MONTHLY: optionalString,
  STRIPE_PRICE_PRO_YEARLY: optionalString,
  STRIPE_PRICE_TEAM_MONTHLY: optionalString,
  STRIPE_PRICE_TEAM_YEARLY: optionalString,
  // Days a past_due subscription keeps its paid tier before the user drops to free.
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  // Trial offered at Checkout; 0 means none.
  BILLING_TRIAL_DAYS: z.coerce.number().int().min(0).max(730).default(0),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
  ),
  EMAIL_FROM: z.string().default("Gemini Chat <no-reply@localhost>"),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_ISSUER: optionalUrl,
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  // Budgets and rate limits (lib/budget, lib/ratelimit).
  BUDGET_RESERVATION_TTL_MS: z.coerce.number().int().min(10_000).default(600_000),
  RATE_LIMIT_GUEST_IP_RPM: z.coerce.number().int().min(1).default(20),
  // Sign-in emails per five minutes (lib/auth/magic-link-limit.ts).
  MAGIC_LINK_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(3),
  MAGIC_LINK_LIMIT_PER_IP: z.coerce.number().int().min(1).default(10),
  // X-Forwarded-For entries appended by trusted proxies (lib/auth/request-ip.ts);
  // 0: nothing in front, the socket's peer is the caller.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  MODEL_RPM_LIMIT: z.coerce.number().int().min(1).default(1_000),
  MODEL_TPM_LIMIT: z.coerce.number().int().min(1).default(4_000_000),
  MODEL_LIMITS: z.string().default(""),
  MODEL_LIMIT_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
  MODEL_LEASE_BLOCKS: z.coerce.number().int().min(1).max(10_000).default(50),
  // The operator's ceiling on provider cost per UTC day over every instance, in
  // micro-dollars (lib/budget/operator-cap.ts); 0 = none. Blocks leased per
  // instance: 0 = a hundredth of the cap.
  OPERATOR_DAILY_COST_CAP_MICROS: z.coerce.number().int().min(0).default(0),
  OPERATOR_COST_BLOCK_MICROS: z.coerce.number().int().min(0).default(0),
  // Housekeeping ages in days (lib/ops/cleanup.ts).
  CLEANUP_HOLD_DAYS: z.coerce.number().int().min(1).default(35),
  CLEANUP_WEBHOOK_DAYS: z.coerce.number().int().min(4).default(30),
  CLEANUP_GUEST_DAYS: z.coerce.number().int().min(1).default(30),
  // Benchmark-only routes that call the model outside any budget (app/api/bench/floor).
  BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
  // Production refuses stand-ins unless the local launcher says it is a local run.
  ALLOW_STAND_INS: z.enum(["0", "1"]).default("0"),
};

/** Every variable the app reads; tests/deploy keeps Terraform in step with this list. */
export const ENV_KEYS = Object.keys(fields) as (keyof typeof fields)[];

// Production with real services: these have no usable default.
const REQUIRED_IN_PRODUCTION = [
  "AUTH_SECRET",
  "GEMINI_API_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "SMTP_URL",
  "STRIPE_PRODUCT_PRO",
  "STRIPE_PRODUCT_TEAM",
  "STRIPE_PRICE_PRO_MONTHLY",
  "STRIPE_PRICE_PRO_YEARLY",
  "STRIPE_PRICE_TEAM_MONTHLY",
  "STRIPE_PRICE_TEAM_YEARLY",
] as const;

const allFields = z.object(fields);

const schema = allFields.superRefine((env, ctx) => {
  if (env.GEMINI_BACKEND === "vertex" && !env.GOOGLE_CLOUD_PROJECT)
    ctx.addIssue({
      code: "custom",
      path: ["GOOGLE_CLOUD_PROJECT"],
      message: "GOOGLE_CLOUD_PROJECT is required with GEMINI_BACKEND=vertex",
    });
  if (env.NODE_ENV !== "production" || env.ALLOW_STAND_INS === "1") return;
  for (const key of REQUIRED_IN_PRODUCTION) {
    // On Vertex AI the service account authenticates: there is no API key.
    if (key === "GEMINI_API_KEY" && env.GEMINI_BACKEND === "vertex") continue;
    if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
  }
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(
    public readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The variables a failed parse names, and one "NAME: problem" line per issue, worded by `message`. */
function configError(error: z.ZodError, message: (problems: string[]) => string): ConfigError {
  const nameOf = (issue: z.core.$ZodIssue) => String(issue.path[0] ?? "?");
  const problems = error.issues.map((i) => `${nameOf(i)}: ${i.message}`);
  return new ConfigError([...new Set(error.issues.map(nameOf))], message(problems));
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw configError(result.error, (problems) => `Invalid environment configuration:\n  - ${problems.join("\n  - ")}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

const logSchema = allFields.pick({ NODE_ENV: true, LOG_LEVEL: true, GOOGLE_CLOUD_PROJECT: true });

/**
 * What the logger needs, readable before the rest is valid: the logger prints the
 * startup error itself. A bad value falls back to the default here and is reported
 * by env() at startup.
 */
export function logEnv(): z.infer<typeof logSchema> {
  const result = logSchema.safeParse(process.env);
  return result.success ? result.data : logSchema.parse({});
}

const databaseSchema = allFields.pick({
  DATABASE_URL: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_POOL_IDLE_SECONDS: true,
});
let databaseCached: { raw: string; value: z.infer<typeof databaseSchema> } | undefined;

/**
 * The pool's settings, read again whenever they change: scripts and tests point
 * the same process at another database by setting DATABASE_URL.
 */
export function databaseEnv(): z.infer<typeof databaseSchema> {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_SECONDS } = process.env;
  const raw = `${DATABASE_URL}\n${DATABASE_POOL_SIZE}\n${DATABASE_POOL_IDLE_SECONDS}`;
  if (databaseCached?.raw !== raw) {
    const result = databaseSchema.safeParse({ DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_SECONDS });
    if (!result.success) throw configError(result.error, (problems) => problems.join("; "));
    databaseCached = { raw, value: result.data };
  }
  return databaseCached.value;
}
