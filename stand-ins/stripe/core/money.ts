// Money is integer minor units everywhere; formatting happens only for text
// shown to people (hosted pages, invoice line descriptions).
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : 2;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

export function formatPriceLabel(amount: number, currency: string, interval: string | null, intervalCount = 1): string {
  const money = formatAmount(amount, currency);
  if (!interval) return money;
  return intervalCount === 1 ? `${money} / ${interval}` : `${money} every ${intervalCount} ${interval}s`;
}
