// Display of integer money amounts, without float arithmetic on the amounts.

/** Cents as dollars: 123456 -> "$1,234.56". */
export function formatCents(cents: number, currency = "usd"): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(cents));
  const symbol = currency.toLowerCase() === "usd" ? "$" : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${Math.trunc(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** Micro-dollars: to the cent from $1 up ("$12.35"), to the micro-dollar below ("$0.001234"), "$0.00" for none. */
export function formatMicros(micros: number): string {
  const abs = Math.abs(Math.trunc(micros));
  if (abs === 0) return "$0.00";
  if (abs >= 1_000_000) return formatCents(Math.sign(micros) * Math.round(abs / 10_000));
  return `${micros < 0 ? "-" : ""}$0.${String(abs).padStart(6, "0")}`;
}
