// `POST /v1/subscriptions/:id` and the portal's buttons: every change of one
// request is applied together and reported as ONE customer.subscription.updated
// event whose previous_attributes hold the values before the request.
import type { RequestRef, WirePrice, WireSubscription } from "../types";
import type { EmulatorCore } from "./emulator-core";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { billNewPeriod, emitUpdated, emptyCancellation, subscriptionState } from "./renewals";
import { subscriptionItemShape } from "./shapes-billing";
import { assertCompatible, assertNotCanceled } from "./subscriptions";

export interface ItemChange {
  id?: string;
  price?: WirePrice;
  quantity?: number;
  deleted?: boolean;
}

export interface SubscriptionChanges {
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  items?: ItemChange[];
  pauseCollection?: { behavior: string; resumes_at: number | null } | null;
  metadata?: Record<string, string>;
  description?: string | null;
  trialEnd?: "now" | number;
  cancellationComment?: string | null;
}

const PAUSE_BEHAVIORS = ["keep_as_draft", "mark_uncollectible", "void"];

export function updateSubscription(
  core: EmulatorCore,
  sub: WireSubscription,
  changes: SubscriptionChanges,
  request: RequestRef,
): void {
  const at = core.now();
  const before = structuredClone(sub);
  const touchesBilling = Object.keys(changes).some((key) => key !== "metadata" && key !== "cancellationComment");
  if (touchesBilling) assertNotCanceled(sub);
  if (changes.metadata) sub.metadata = changes.metadata;
  if (changes.description !== undefined) sub.description = changes.description;
  if (changes.cancellationComment !== undefined) {
    sub.cancellation_details = {
      ...(sub.cancellation_details ?? emptyCancellation()),
      comment: changes.cancellationComment,
    };
  }
  if (changes.cancelAtPeriodEnd !== undefined && changes.cancelAt !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: cancel_at, cancel_at_period_end.", "cancel_at");
  }
  if (changes.cancelAtPeriodEnd !== undefined) {
    scheduleCancel(sub, changes.cancelAtPeriodEnd ? sub.items.data[0].current_period_end : null, at);
    sub.cancel_at_period_end = changes.cancelAtPeriodEnd;
  }
  if (changes.cancelAt !== undefined) {
    if (changes.cancelAt !== null && changes.cancelAt <= at)
      throw invalidRequest("cancel_at must be in the future.", "cancel_at");
    scheduleCancel(sub, changes.cancelAt, at);
    sub.cancel_at_period_end = false;
  }
  if (changes.pauseCollection !== undefined) {
    if (changes.pauseCollection && !PAUSE_BEHAVIORS.includes(changes.pauseCollection.behavior)) {
      throw invalidRequest(
        `Invalid pause_collection[behavior]: must be one of ${PAUSE_BEHAVIORS.join(", ")}`,
        "pause_collection[behavior]",
      );
    }
    sub.pause_collection = changes.pauseCollection;
  }
  let rebill = false;
  if (changes.items) rebill = applyItemChanges(sub, changes.items, at) && sub.status !== "trialing";
  let reason: "subscription_update" | "subscription_cycle" = "subscription_update";
  if (changes.trialEnd !== undefined) {
    if (sub.status !== "trialing")
      throw invalidRequest("The emulator supports trial_end only on trialing subscriptions.", "trial_end");
    if (changes.trialEnd === "now") {
      // Ending a trial early also triggers the reminder event.
      sub.trial_end = at;
      subscriptionState(core, sub.id).trialWillEndSent = true;
      core.events.emit("customer.subscription.trial_will_end", sub, { at, request });
      rebill = true;
      reason = "subscription_cycle";
    } else {
      if (changes.trialEnd <= at) throw invalidRequest("trial_end must be in the future.", "trial_end");
      sub.trial_end = changes.trialEnd;
      sub.billing_cycle_anchor = changes.trialEnd;
      for (const item of sub.items.data) item.current_period_end = changes.trialEnd;
    }
  }
  if (rebill) {
    billNewPeriod(core, sub, { reason, start: at, at, request, reanchor: true, before });
    return;
  }
  emitUpdated(core, before, sub, at, request);
}

function scheduleCancel(sub: WireSubscription, cancelAt: number | null, at: number): void {
  sub.cancel_at = cancelAt;
  sub.canceled_at = cancelAt === null ? null : at;
  sub.cancellation_details = {
    ...(sub.cancellation_details ?? emptyCancellation()),
    reason: cancelAt === null ? null : "cancellation_requested",
  };
}

/**
 * Stripe semantics: an entry with `id` changes that item, an entry without
 * `id` adds a new item. Returns whether the billing interval changed, which
 * re-anchors the cycle and invoices now; same-interval switches are not prorated.
 */
function applyItemChanges(sub: WireSubscription, changes: ItemChange[], at: number): boolean {
  const first = sub.items.data[0];
  const oldInterval = first.price.recurring?.interval;
  let items = [...sub.items.data];
  changes.forEach((change, index) => {
    const existing = change.id ? items.find((item) => item.id === change.id) : undefined;
    if (change.id && !existing) {
      throw invalidRequest(`No such subscription item: '${change.id}'`, `items[${index}][id]`, "resource_missing");
    }
    if (existing && change.deleted) {
      items = items.filter((item) => item !== existing);
      return;
    }
    if (!existing && !change.price) {
      throw invalidRequest(
        `Missing required param: items[${index}][price].`,
        `items[${index}][price]`,
        "parameter_missing",
      );
    }
    const replacement = subscriptionItemShape({
      id: existing?.id ?? newId("si"),
      subscription: sub.id,
      created: existing?.created ?? at,
      price: change.price ?? existing!.price,
      quantity: change.quantity ?? existing?.quantity ?? 1,
      periodStart: first.current_period_start,
      periodEnd: first.current_period_end,
    });
    items = existing ? items.map((item) => (item === existing ? replacement : item)) : [...items, replacement];
  });
  if (items.length === 0) throw invalidRequest("A subscription must have at least one active plan.", "items");
  assertCompatible(
    items.map((item) => item.price),
    "items",
  );
  sub.items = { ...sub.items, data: items };
  return items[0].price.recurring?.interval !== oldInterval;
}
