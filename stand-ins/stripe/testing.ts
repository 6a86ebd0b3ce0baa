// Helpers for tests that use the emulator: a webhook receiver that records
// what arrives, and a browserless way to pay on the hosted Checkout page.
import http from "node:http";

export interface ReceivedWebhook {
  body: string;
  signature: string;
  type: string;
  id: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decide the HTTP status per request (default 200). `n` counts from 1 since this call. */
  respondWith(decide: (n: number, hook: ReceivedWebhook) => number): void;
  /** Resolves once `predicate` holds for the received list, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let decide: (n: number, hook: ReceivedWebhook) => number = () => 200;
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = JSON.parse(body) as { id: string; type: string };
      const hook = {
        body,
        signature: String(req.headers["stripe-signature"] ?? ""),
        type: parsed.type,
        id: parsed.id,
        receivedAt: Date.now(),
      };
      count += 1;
      const status = decide(count, hook);
      if (status >= 200 && status < 300) received.push(hook);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    respondWith(next) {
      decide = next;
      count = 0;
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) {
          throw new Error(
            `webhook receiver: condition not met within ${timeoutMs} ms; got ${received.map((h) => h.type).join(", ")}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface PayResult {
  status: number;
  /** The `Location` of the 303 redirect after a successful payment. */
  location: string | null;
  html: string;
}

/**
 * Loads the hosted Checkout page, fills the form as a browser would (keeping
 * the prefilled values unless overridden) and submits it without following
 * the redirect.
 */
export async function payCheckout(checkoutUrl: string, overrides: Record<string, string> = {}): Promise<PayResult> {
  const page = await fetch(checkoutUrl);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)" id="payment-form">/.exec(html)?.[1];
  if (!action) throw new Error(`no payment form on ${checkoutUrl} (status ${page.status})`);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input id="[^"]*" name="([^"]+)"(?: type="[^"]*")? value="([^"]*)"/g)) {
    form.set(match[1], decodeEntities(match[2]));
  }
  for (const [name, value] of Object.entries(overrides)) form.set(name, value);
  const response = await fetch(new URL(decodeEntities(action), checkoutUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

function decodeEntities(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
