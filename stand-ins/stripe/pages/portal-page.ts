// The hosted customer portal: the customer's subscriptions with buttons to
// cancel at period end, renew (undo that), cancel now, switch plan or resume.
import type { EmulatorCore } from "../core/emulator-core";
import { StripeApiError } from "../core/errors";
import { runDueWork } from "../core/lifecycle";
import { formatPriceLabel } from "../core/money";
import { updateSubscription } from "../core/subscription-update";
import { cancelNow, resumeSubscription } from "../core/subscriptions";
import { NO_REQUEST, type WirePrice, type WireSubscription } from "../types";
import { escapeHtml, formatDate, notFoundPage, page, redirect, type PageResponse } from "./html";

export function showPortal(
  core: EmulatorCore,
  id: string,
  notice: string | null,
  error: string | null = null,
): PageResponse {
  const portal = core.store.data.portalSessions[id];
  if (!portal) return notFoundPage(`No such portal session: ${id}`);
  const customer = core.store.data.customers[portal.customer];
  const subs = Object.values(core.store.data.subscriptions).filter(
    (sub) => sub.customer === portal.customer && sub.status !== "canceled" && sub.status !== "incomplete_expired",
  );
  const content = `<h1>Manage your subscription</h1>
<p class="muted" id="portal-customer">${escapeHtml(customer?.email ?? portal.customer)}</p>
${notice ? `<div class="notice" role="status" id="portal-notice">${escapeHtml(notice)}</div>` : ""}
${error ? `<div class="error" role="alert" id="portal-error">${escapeHtml(error)}</div>` : ""}
${subs.length === 0 ? `<p id="no-subscriptions">No active subscriptions.</p>` : subs.map((sub) => subscriptionCard(core, id, sub)).join("")}
${portal.return_url ? `<p><a href="${escapeHtml(portal.return_url)}" id="return-link">Return to app</a></p>` : ""}`;
  return page("Billing portal — Stripe emulator", content);
}

function subscriptionCard(core: EmulatorCore, portalId: string, sub: WireSubscription): string {
  const item = sub.items.data[0];
  const price = item.price;
  const name = core.productName(price);
  const action = (verb: string) => `/portal/${escapeHtml(portalId)}/subscriptions/${escapeHtml(sub.id)}/${verb}`;
  const button = (verb: string, label: string, className = "", extra = "") =>
    `<form method="post" action="${action(verb)}" style="display:inline">${extra}<button type="submit" class="${className}">${escapeHtml(label)}</button></form>`;
  const buttons: string[] = [];
  if (sub.status === "paused") {
    buttons.push(button("resume", "Resume subscription"));
  } else if (sub.cancel_at_period_end || sub.cancel_at) {
    buttons.push(button("renew", "Renew plan"));
  } else {
    buttons.push(button("cancel-at-period-end", "Cancel plan", "secondary"));
  }
  buttons.push(button("cancel-now", "Cancel immediately", "danger"));
  for (const option of switchOptions(core, price)) {
    buttons.push(
      button(
        "switch",
        option.label,
        "secondary",
        `<input type="hidden" name="price" value="${escapeHtml(option.price.id)}">`,
      ),
    );
  }
  const when = sub.cancel_at
    ? `Cancels on ${formatDate(sub.cancel_at)}`
    : sub.status === "trialing" && sub.trial_end
      ? `Trial ends ${formatDate(sub.trial_end)}`
      : `Renews on ${formatDate(item.current_period_end)}`;
  return `<div class="card" data-subscription="${escapeHtml(sub.id)}">
<h2 class="plan-name">${escapeHtml(name)}</h2>
<div class="muted"><span class="plan-price">${escapeHtml(formatPriceLabel(price.unit_amount ?? 0, price.currency, price.recurring?.interval ?? null))}</span>
· <span class="subscription-status">${escapeHtml(sub.status)}</span> · <span class="period">${escapeHtml(when)}</span></div>
<div>${buttons.join("")}</div></div>`;
}

const ADVERB: Record<string, string> = { day: "daily", week: "weekly", month: "monthly", year: "yearly" };

/** "Switch to Pro", or "Switch to Pro (yearly)" when a product has several prices. */
function switchOptions(core: EmulatorCore, current: WirePrice): Array<{ price: WirePrice; label: string }> {
  const candidates = Object.values(core.store.data.prices).filter(
    (price) => price.active && price.recurring && price.currency === current.currency && price.id !== current.id,
  );
  const perProduct = new Map<string, number>();
  for (const price of Object.values(core.store.data.prices)) {
    if (price.active && price.recurring)
      perProduct.set(price.product as string, (perProduct.get(price.product as string) ?? 0) + 1);
  }
  return candidates.map((price) => {
    const several = (perProduct.get(price.product as string) ?? 0) > 1;
    return {
      price,
      label: `Switch to ${core.productName(price)}${several ? ` (${ADVERB[price.recurring!.interval] ?? price.recurring!.interval})` : ""}`,
    };
  });
}

export function submitPortalAction(
  core: EmulatorCore,
  portalId: string,
  subId: string,
  verb: string,
  form: URLSearchParams,
): PageResponse {
  const portal = core.store.data.portalSessions[portalId];
  const sub = core.store.data.subscriptions[subId];
  if (!portal || !sub || sub.customer !== portal.customer)
    return notFoundPage("No such subscription for this portal session.");
  let notice: string;
  try {
    switch (verb) {
      case "cancel-at-period-end":
        updateSubscription(core, sub, { cancelAtPeriodEnd: true }, NO_REQUEST);
        notice = `Your plan will be canceled on ${formatDate(sub.cancel_at!)}.`;
        break;
      case "renew":
        updateSubscription(
          core,
          sub,
          sub.cancel_at_period_end ? { cancelAtPeriodEnd: false } : { cancelAt: null },
          NO_REQUEST,
        );
        notice = "Your plan will renew.";
        break;
      case "cancel-now":
        cancelNow(core, sub, NO_REQUEST);
        notice = "Your plan has been canceled.";
        break;
      case "resume":
        resumeSubscription(core, sub, NO_REQUEST);
        notice = "Your subscription has been resumed.";
        break;
      case "switch": {
        const price = core.price(form.get("price") ?? "", "price");
        updateSubscription(core, sub, { items: [{ id: sub.items.data[0].id, price }] }, NO_REQUEST);
        notice = `Switched to ${core.productName(price)}.`;
        break;
      }
      default:
        return notFoundPage(`Unknown portal action: ${verb}`);
    }
  } catch (error) {
    if (error instanceof StripeApiError) return showPortal(core, portalId, null, error.message);
    throw error;
  }
  runDueWork(core);
  return redirect(`/portal/${encodeURIComponent(portalId)}?notice=${encodeURIComponent(notice)}`);
}
