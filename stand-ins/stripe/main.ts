// CLI: npx tsx stand-ins/stripe/main.ts --port 8082 \
//   --webhook-url http://localhost:3000/api/webhooks/stripe --webhook-secret whsec_local
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startStripeEmulator } from "./server";
import type { CatalogProduct } from "./types";

const HELP = `Stripe emulator (test mode, no real money)

Options:
  --port <n>              port to listen on (default 8082; 0 = random)
  --host <addr>           address to bind (default 127.0.0.1)
  --webhook-url <url>     where to POST events (can be set later via /__emulator/config)
  --webhook-secret <s>    signing secret (default whsec_stripe_emulator_local)
  --catalog <file.json>   products and prices to seed: [{ productId, productName, prices: [...] }]
  --state-file <file>     keep state across restarts in this JSON file
  --public-url <url>      base URL browsers use for hosted pages (default http://host:port)
  --concurrency <n>       webhook deliveries in flight (default 16)
  --retry-schedule <ms,…> webhook retry delays (default 500,1000,2000,4000,8000)
`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8082" },
    host: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    catalog: { type: "string" },
    "state-file": { type: "string" },
    "public-url": { type: "string" },
    concurrency: { type: "string" },
    "retry-schedule": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const emulator = await startStripeEmulator({
  port: Number(values.port),
  host: values.host,
  webhookUrl: values["webhook-url"],
  webhookSecret: values["webhook-secret"],
  catalog: values.catalog ? (JSON.parse(readFileSync(values.catalog, "utf8")) as CatalogProduct[]) : undefined,
  stateFile: values["state-file"],
  publicUrl: values["public-url"],
  concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  retrySchedule: values["retry-schedule"] ? values["retry-schedule"].split(",").map(Number) : undefined,
});

console.log(`Stripe emulator listening on ${emulator.url} (API version ${emulator.apiVersion})`);
console.log(`  webhooks: ${emulator.config().webhookUrl ?? "none yet (POST /__emulator/config)"}`);
console.log(
  `  SDK: new Stripe("sk_test_...", { host: "${emulator.stripeConfig.host}", port: ${emulator.port}, protocol: "http" })`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
