// The page behind `hosted_invoice_url`: read-only, enough to eyeball an invoice.
import type { EmulatorCore } from "../core/emulator-core";
import { formatAmount } from "../core/money";
import { escapeHtml, formatDate, notFoundPage, page, type PageResponse } from "./html";

export function showInvoice(core: EmulatorCore, id: string): PageResponse {
  const invoice = core.store.data.invoices[id];
  if (!invoice) return notFoundPage(`No such invoice: ${id}`);
  const rows = invoice.lines.data
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description)}</td><td>${escapeHtml(formatAmount(line.amount, line.currency))}</td>` +
        `<td>${formatDate(line.period.start)} – ${formatDate(line.period.end)}</td></tr>`,
    )
    .join("");
  return page(
    `Invoice ${invoice.number ?? id}`,
    `<h1>Invoice ${escapeHtml(invoice.number)}</h1>
<p>Status: <strong id="invoice-status">${escapeHtml(invoice.status)}</strong></p>
<div class="price" id="invoice-total">${escapeHtml(formatAmount(invoice.total, invoice.currency))}</div>
<table>${rows}</table>`,
  );
}
