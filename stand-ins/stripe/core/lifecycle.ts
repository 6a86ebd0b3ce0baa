// The test clock. Everything time-driven happens here, in chronological order
// across all subscriptions, each action stamped with the instant it was due:
// trial reminders, trial ends, renewals, dunning retries, scheduled cancels.
import type { WireSubscription } from "../types";
import { NO_REQUEST } from "../types";
import { DAY } from "./clock";
import type { EmulatorCore } from "./emulator-core";
import { billNewPeriod, emitUpdated, endSubscription, retryPayment, subscriptionState } from "./renewals";

type ActionKind = "trial_will_end" | "retry" | "unpause_collection" | "cancel_at" | "trial_end" | "renew";

interface DueAction {
  kind: ActionKind;
  at: number;
  sub: WireSubscription;
}

/** When two actions fall on the same second, earlier kinds run first. */
const PRIORITY: ActionKind[] = ["trial_will_end", "retry", "unpause_collection", "cancel_at", "trial_end", "renew"];

/** Stripe sends `trial_will_end` three days before the trial ends. */
const TRIAL_WARNING_SECONDS = 3 * DAY;

/** A runaway guard: a year of daily renewals for hundreds of subscriptions still fits. */
const MAX_ACTIONS_PER_RUN = 100_000;

/** Runs every action that is due by the clock's current time; returns how many ran. */
export function runDueWork(core: EmulatorCore): number {
  const now = core.now();
  let count = 0;
  for (; count < MAX_ACTIONS_PER_RUN; count++) {
    const next = earliestDue(core);
    if (!next || next.at > now) break;
    perform(core, next);
  }
  return count;
}

function earliestDue(core: EmulatorCore): DueAction | null {
  let best: DueAction | null = null;
  for (const sub of Object.values(core.store.data.subscriptions)) {
    for (const action of dueActions(core, sub)) {
      if (
        !best ||
        action.at < best.at ||
        (action.at === best.at && PRIORITY.indexOf(action.kind) < PRIORITY.indexOf(best.kind))
      ) {
        best = action;
      }
    }
  }
  return best;
}

function dueActions(core: EmulatorCore, sub: WireSubscription): DueAction[] {
  const actions: DueAction[] = [];
  const state = subscriptionState(core, sub.id);
  const add = (kind: ActionKind, at: number | null | undefined) => {
    if (typeof at === "number") actions.push({ kind, at, sub });
  };
  switch (sub.status) {
    case "trialing":
      if (!state.trialWillEndSent && sub.trial_end) {
        add("trial_will_end", Math.max(sub.trial_start ?? sub.created, sub.trial_end - TRIAL_WARNING_SECONDS));
      }
      add("cancel_at", sub.cancel_at);
      add("trial_end", sub.trial_end);
      break;
    case "active":
    case "past_due":
    case "unpaid":
      add("retry", state.dunning?.nextAttemptAt);
      add("unpause_collection", sub.pause_collection?.resumes_at);
      add("cancel_at", sub.cancel_at);
      add("renew", sub.items.data[0]?.current_period_end);
      break;
    default:
      // canceled, incomplete, incomplete_expired and paused subscriptions wait.
      break;
  }
  return actions;
}

function perform(core: EmulatorCore, action: DueAction): void {
  const { sub, at } = action;
  switch (action.kind) {
    case "trial_will_end":
      subscriptionState(core, sub.id).trialWillEndSent = true;
      core.store.markDirty();
      core.events.emit("customer.subscription.trial_will_end", sub, { at });
      return;
    case "retry":
      retryPayment(core, sub, at);
      return;
    case "unpause_collection": {
      const before = structuredClone(sub);
      sub.pause_collection = null;
      emitUpdated(core, before, sub, at, NO_REQUEST);
      return;
    }
    case "cancel_at":
      endSubscription(core, sub, at, "cancellation_requested", NO_REQUEST);
      return;
    case "trial_end":
      billNewPeriod(core, sub, { reason: "subscription_cycle", start: at, at });
      return;
    case "renew":
      billNewPeriod(core, sub, { reason: "subscription_cycle", start: at, at });
      return;
  }
}
