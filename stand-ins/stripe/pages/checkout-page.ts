// The hosted Checkout page: shows the plan, takes a test card, and on submit
// completes the session and redirects to success_url like Stripe does.
import { completeCheckout } from "../core/checkout";
import type { EmulatorCore } from "../core/emulator-core";
import { formatAmount, formatPriceLabel } from "../core/money";
import { TEST_CARDS } from "../core/test-cards";
import type { WireCheckoutSession } from "../types";
import { escapeHtml, notFoundPage, page, redirect, type PageResponse } from "./html";

export function showCheckout(core: EmulatorCore, id: string, error: string | null = null, status = 200): PageResponse {
  const session = core.store.data.checkoutSessions[id];
  const state = core.store.data.checkoutState[id];
  if (!session || !state) return notFoundPage(`No such Checkout Session: ${id}`);
  if (session.status !== "open") return finishedPage(session);
  const trialDays =
    state.trialPeriodDays ?? (state.trialEnd ? Math.ceil((state.trialEnd - core.now()) / 86_400) : null);
  const lines = state.lineItems
    .map((item) => {
      const price = item.price!;
      const label = formatPriceLabel(price.unit_amount ?? 0, price.currency, price.recurring?.interval ?? null);
      return `<div class="card"><h2 id="plan-name">${escapeHtml(core.productName(price))}</h2>
<div class="price" id="plan-price">${escapeHtml(label)}</div>
${item.quantity && item.quantity > 1 ? `<div class="muted">Quantity ${item.quantity}</div>` : ""}</div>`;
    })
    .join("");
  const dueToday = formatAmount(session.amount_total ?? 0, session.currency ?? "usd");
  // Stripe leaves customer_email empty when a customer was passed; show theirs.
  const knownEmail =
    session.customer_email ??
    (typeof session.customer === "string" ? core.store.data.customers[session.customer]?.email : null) ??
    null;
  const needsEmail = !knownEmail && !session.customer;
  const content = `<h1>Subscribe</h1>${lines}
${trialDays ? `<p id="trial-notice">${trialDays}-day free trial. Due today: ${escapeHtml(dueToday)}</p>` : `<p>Due today: <strong id="due-today">${escapeHtml(dueToday)}</strong></p>`}
${error ? `<div class="error" role="alert" id="card-error">${escapeHtml(error)}</div>` : ""}
<form method="post" action="/checkout/${escapeHtml(id)}/pay" id="payment-form">
${
  needsEmail
    ? `<label for="email">Email</label><input id="email" name="email" type="email" value="test@example.com" required>`
    : `<p class="muted">Paying as <span id="customer-email">${escapeHtml(knownEmail ?? session.customer)}</span></p>`
}
<label for="card-number">Card number</label><input id="card-number" name="card_number" value="4242 4242 4242 4242" autocomplete="off" required>
<div class="row"><div><label for="card-expiry">Expiry</label><input id="card-expiry" name="card_expiry" value="12 / 34" required></div>
<div><label for="card-cvc">CVC</label><input id="card-cvc" name="card_cvc" value="123" required></div></div>
<label for="cardholder-name">Name on card</label><input id="cardholder-name" name="cardholder_name" value="Test Customer">
<button type="submit" id="pay-button">Pay and subscribe</button>
${session.cancel_url ? `<a href="${escapeHtml(session.cancel_url)}" id="cancel-link">Cancel and return</a>` : ""}
</form>
<p class="muted">Test cards:</p><table>${TEST_CARDS.map((card) => `<tr><td>${card.number}</td><td>${escapeHtml(card.effect)}</td></tr>`).join("")}</table>`;
  return page("Checkout — Stripe emulator", content, status);
}

export function submitCheckout(core: EmulatorCore, id: string, form: URLSearchParams): PageResponse {
  const result = completeCheckout(core, id, {
    cardNumber: form.get("card_number") ?? "",
    email: form.get("email")?.trim() || null,
    name: form.get("cardholder_name")?.trim() || null,
  });
  if (!result.ok) return showCheckout(core, id, result.error, 402);
  return result.redirectTo ? redirect(result.redirectTo) : finishedPage(result.session);
}

function finishedPage(session: WireCheckoutSession): PageResponse {
  const done = session.status === "complete";
  const link =
    done && session.success_url
      ? session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id)
      : session.cancel_url;
  return page(
    "Checkout — Stripe emulator",
    `<h1 id="checkout-status">${done ? "Payment complete" : "This checkout session has expired"}</h1>
${link ? `<p><a href="${escapeHtml(link)}" id="continue-link">Continue</a></p>` : ""}`,
  );
}
