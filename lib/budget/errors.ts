// The 402 a caller sees when a call would overrun a budget: when it resets and
// the way up (guests sign up, free users upgrade), in words a user can act on.
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";
import { wayUp } from "./limits";

export type BudgetLimitKind = "day" | "month" | "cost";

/**
 * `newChatFits`: what is left would still take a short question in a new chat, so
 * it is this turn (its conversation's history plus the answer it reserves) that
 * is too big, not the allowance that is gone. `reason` tells the two apart.
 */
export function budgetExceeded(opts: {
  tier: Tier;
  limit: BudgetLimitKind;
  resetAt: Date;
  newChatFits?: boolean;
}): AppError {
  const when = opts.resetAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const period = opts.limit === "day" ? "today" : "this month";
  const up = wayUp(opts.tier);
  const next =
    up.action === "sign_up"
      ? " Create a free account for a bigger allowance."
      : up.action === "upgrade"
        ? " Upgrade your plan for more."
        : "";
  if (opts.newChatFits) {
    return new AppError(
      "budget_exceeded:chat",
      `This conversation is too long for what's left ${period}; start a new chat (a short message still fits).${next}`,
      {
        details: {
          resetAt: opts.resetAt.toISOString(),
          limit: opts.limit,
          tier: opts.tier,
          reason: "conversation_too_long",
          upgrade: up,
        },
      },
    );
  }
  const what =
    opts.limit === "day"
      ? "You've used today's allowance."
      : opts.limit === "month"
        ? "You've used this month's allowance."
        : "You've reached this month's usage limit.";
  return new AppError("budget_exceeded:chat", `${what} It resets at ${when}.${next}`, {
    details: {
      resetAt: opts.resetAt.toISOString(),
      limit: opts.limit,
      tier: opts.tier,
      reason: "allowance_used",
      upgrade: up,
    },
  });
}

/** Seconds to wait when the budget is only held by answers in progress: they settle within seconds. */
export const HELD_RETRY_AFTER_SECONDS = 5;

/**
 * The call would fit in what is settled, but not beside the holds of answers
 * still streaming: a short wait, not the budget's reset, is what the user needs.
 */
export function heldByAnswersInProgress(): AppError {
  return new AppError(
    "rate_limit:chat",
    "Your answers in progress are holding the rest of your allowance. Send this again in a few seconds.",
    {
      headers: { "Retry-After": String(HELD_RETRY_AFTER_SECONDS) },
      details: { retryAfterSeconds: HELD_RETRY_AFTER_SECONDS, reason: "held" },
    },
  );
}
