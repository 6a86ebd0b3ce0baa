// Test harness for billing: a Stripe emulator whose webhooks reach the real
// POST /api/webhooks/stripe handler over real HTTP, and the env that points the
// app's Stripe client at it.
import http from "node:http";
import { NextRequest } from "next/server";
import Stripe from "stripe";
import { plans } from "@/lib/billing/catalog";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { startStripeEmulator, type StripeEmulator } from "@/stand-ins/stripe/server";

export const WEBHOOK_SECRET = "whsec_billing_test_secret";

export interface BillingHarness {
  emulator: StripeEmulator;
  stripe: Stripe;
  webhookUrl: string;
  close(): Promise<void>;
}

type Handler = (req: NextRequest) => Promise<Response>;

export async function startBillingHarness(handler: Handler): Promise<BillingHarness> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new NextRequest(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      handler(request)
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        })
        .catch((err: unknown) => {
          res.writeHead(599);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const webhookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/webhooks/stripe`;
  const emulator = await startStripeEmulator({
    webhookUrl,
    webhookSecret: WEBHOOK_SECRET,
    catalog: plans(process.env).map((p) => ({ productId: p.productId, productName: p.name, prices: p.prices })),
    retrySchedule: [50, 100, 200],
    tickIntervalMs: 0,
  });
  process.env.STRIPE_API_URL = emulator.url;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  delete process.env.STRIPE_SECRET_KEY;
  resetEnvCache();
  const stripe = new Stripe("sk_test_harness", { apiVersion: Stripe.API_VERSION, ...emulator.stripeConfig });
  return {
    emulator,
    stripe,
    webhookUrl,
    async close() {
      await emulator.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}

let counter = 0;
export async function createUser(tier: Tier = "free"): Promise<{ id: string; email: string }> {
  counter += 1;
  const email = `billing-${Date.now()}-${counter}@example.test`;
  const user = await getDb().user.create({ data: { email, tier, emailVerified: new Date() } });
  return { id: user.id, email };
}

export async function userTier(userId: string): Promise<Tier> {
  return (await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { tier: true } })).tier;
}

export async function waitIdle(emulator: StripeEmulator): Promise<void> {
  const idle = await emulator.waitForDeliveries(15_000);
  if (!idle) throw new Error("emulator deliveries did not settle");
}

const signer = new Stripe("sk_test_signer", { apiVersion: Stripe.API_VERSION });

/** Signs a payload exactly as Stripe does, with a chosen secret and timestamp. */
export function signedHeader(payload: string, secret = WEBHOOK_SECRET, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
