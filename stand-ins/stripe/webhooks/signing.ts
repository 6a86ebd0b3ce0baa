// Stripe's webhook signature: HMAC-SHA256 over "<timestamp>.<raw body>" keyed
// with the endpoint secret, sent as `Stripe-Signature: t=<ts>,v1=<hex>`.
import { createHmac } from "node:crypto";

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}
