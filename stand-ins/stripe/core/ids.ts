// Object ids shaped like Stripe's test-mode ids (prefix + base62 tail), so
// code that checks prefixes or column widths behaves as it will in production.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Tail lengths seen on real test-mode objects. */
const TAIL_LENGTH: Record<string, number> = {
  cus: 14,
  prod: 14,
  si: 14,
  il: 24,
  li: 24,
  cs_test: 58,
  bps: 24,
  bpc: 24,
  sub: 24,
  price: 24,
  in: 24,
  evt: 24,
  req: 14,
  pm: 24,
};

export function newId(prefix: keyof typeof TAIL_LENGTH | string): string {
  const length = TAIL_LENGTH[prefix] ?? 24;
  const bytes = randomBytes(length);
  let tail = "";
  for (const byte of bytes) tail += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${tail}`;
}

/** Customer invoice prefixes are 8 upper-case hex-ish characters. */
export function newInvoicePrefix(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}
