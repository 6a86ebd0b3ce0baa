// A local stand-in for the Stripe API that the real `stripe` SDK talks to:
//   new Stripe(key, { host: "127.0.0.1", port, protocol: "http" })
// It serves the /v1 REST API, hosted Checkout and portal pages, sends signed
// webhooks, and exposes test controls under /__emulator/. See README.md.
import http from "node:http";
import Stripe from "stripe";
import { ApiRouter } from "./api/router";
import { handleControl } from "./control/control-routes";
import { EmulatorControls } from "./control/controls";
import { EmulatorCore } from "./core/emulator-core";
import { runDueWork } from "./core/lifecycle";
import { showCheckout, submitCheckout } from "./pages/checkout-page";
import { notFoundPage, type PageResponse } from "./pages/html";
import { showInvoice } from "./pages/invoice-page";
import { showPortal, submitPortalAction } from "./pages/portal-page";
import type { CatalogProduct, DunningConfig } from "./types";
import { WebhookDelivery } from "./webhooks/delivery";

export type { CatalogPrice, CatalogProduct, DeliveryAttempt, EventRecord, WireEvent } from "./types";
export type { ConfigChanges } from "./control/controls";

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  catalog?: CatalogProduct[];
  /** JSON file that keeps state across restarts; in-memory only when omitted. */
  stateFile?: string;
  /** Webhook retry delays in ms; default 500, 1000, 2000, 4000, 8000. */
  retrySchedule?: number[];
  /** Base URL for hosted page links when browsers reach the emulator through another address. */
  publicUrl?: string;
  /** Webhook deliveries in flight at once (default 16). */
  concurrency?: number;
  dunning?: Partial<DunningConfig>;
  /** How often real time passing is checked for due renewals; 0 disables (default 1000 ms). */
  tickIntervalMs?: number;
}

export const DEFAULT_WEBHOOK_SECRET = "whsec_stripe_emulator_local";
export const PINNED_API_VERSION: string = Stripe.API_VERSION;

export type StripeEmulator = Pick<
  EmulatorControls,
  | "configure"
  | "config"
  | "now"
  | "advanceClock"
  | "setFailPayments"
  | "setDeliveryMode"
  | "flush"
  | "events"
  | "resend"
  | "waitForDeliveries"
  | "trigger"
  | "reset"
> & {
  url: string;
  port: number;
  apiVersion: string;
  webhookSecret(): string;
  /** Spread into `new Stripe(key, { ...emulator.stripeConfig })`. */
  stripeConfig: { host: string; port: number; protocol: "http" };
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 1_000_000;

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? "127.0.0.1";
  const catalog = options.catalog ?? [];
  const core = new EmulatorCore(
    {
      publicUrl: options.publicUrl ?? "",
      dunning: { retryDays: [3, 5, 7], finalAction: "cancel", ...options.dunning },
    },
    PINNED_API_VERSION,
    options.stateFile,
  );
  core.seedCatalog(catalog);
  const delivery = new WebhookDelivery({
    webhookUrl: options.webhookUrl ?? null,
    webhookSecret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    retrySchedule: options.retrySchedule ?? [500, 1000, 2000, 4000, 8000],
    concurrency: options.concurrency ?? 16,
    timeoutMs: 10_000,
  });
  core.events.setSink((record) => delivery.accept(record));
  const router = new ApiRouter(core, PINNED_API_VERSION);
  const controls = new EmulatorControls(core, delivery, router, catalog);

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((body) => dispatch(req.method ?? "GET", req.url ?? "/", req.headers, body))
      .then(({ status, headers, body }) => {
        res.writeHead(status, headers);
        res.end(body);
      })
      .catch((error: unknown) => {
        console.error("[stripe-emulator]", error);
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { type: "api_error", message: String((error as Error)?.message ?? error) } }));
      });
  });

  async function dispatch(
    method: string,
    url: string,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): Promise<PageResponse> {
    const { pathname, searchParams } = new URL(url, "http://emulator.local");
    if (pathname.startsWith("/v1/")) return router.handle({ method, url, headers, body });
    if (pathname.startsWith("/__emulator")) {
      const result = await handleControl(controls, method, pathname, searchParams, body);
      return {
        status: result.status,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(result.body),
      };
    }
    const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const form = new URLSearchParams(body);
    if (parts[0] === "checkout" && parts[1]) {
      if (method === "GET" && parts.length === 2) return showCheckout(core, parts[1]);
      if (method === "POST" && parts[2] === "pay") return submitCheckout(core, parts[1], form);
    }
    if (parts[0] === "portal" && parts[1]) {
      if (method === "GET" && parts.length === 2) return showPortal(core, parts[1], searchParams.get("notice"));
      if (method === "POST" && parts[2] === "subscriptions" && parts[3] && parts[4]) {
        return submitPortalAction(core, parts[1], parts[3], parts[4], form);
      }
    }
    if (method === "GET" && parts[0] === "invoices" && parts[1]) return showInvoice(core, parts[1]);
    return notFoundPage(`Nothing at ${method} ${pathname}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  // A wildcard bind address is not something a client can connect to.
  const reachableHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const url = `http://${reachableHost}:${port}`;
  core.config.publicUrl = (options.publicUrl ?? url).replace(/\/$/, "");

  // Real time also moves subscriptions along while a dev server runs for days.
  const tickMs = options.tickIntervalMs ?? 1000;
  const ticker = tickMs > 0 ? setInterval(() => runDueWork(core), tickMs) : null;
  ticker?.unref();

  return {
    url,
    port,
    apiVersion: PINNED_API_VERSION,
    webhookSecret: () => delivery.settings.webhookSecret,
    stripeConfig: { host: reachableHost, port, protocol: "http" },
    configure: (changes) => controls.configure(changes),
    config: () => controls.config(),
    now: () => controls.now(),
    advanceClock: (seconds) => controls.advanceClock(seconds),
    setFailPayments: (customerId, fail) => controls.setFailPayments(customerId, fail),
    setDeliveryMode: (mode) => controls.setDeliveryMode(mode),
    flush: (flushOptions) => controls.flush(flushOptions),
    events: (filter) => controls.events(filter),
    resend: (eventId) => controls.resend(eventId),
    waitForDeliveries: (timeoutMs) => controls.waitForDeliveries(timeoutMs),
    trigger: (type, objectId, count) => controls.trigger(type, objectId, count),
    reset: () => controls.reset(),
    async close() {
      if (ticker) clearInterval(ticker);
      delivery.close();
      core.store.saveNow();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
