// The 402 a caller sees when a call would overrun a budget: when it resets and
// the way up (guests sign up, free users upgrade), in words a user can act on.
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";
import { wayUp } from "./limits";

export type BudgetLimitKind = "day" | "month" | "cost";

export function budgetExceeded(opts: { tier: Tier; limit: BudgetLimitKind; resetAt: Date }): AppError {
  const when = opts.resetAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const what =
    opts.limit === "day"
      ? "You've reached today's token allowance."
      : opts.limit === "month"
        ? "You've reached this month's token allowance."
        : "You've reached this month's usage limit.";
  const up = wayUp(opts.tier);
  const next =
    up.action === "sign_up"
      ? " Create a free account for a bigger allowance."
      : up.action === "upgrade"
        ? " Upgrade your plan for more."
        : "";
  return new AppError("budget_exceeded:chat", `${what} It resets at ${when}.${next}`, {
    details: { resetAt: opts.resetAt.toISOString(), limit: opts.limit, tier: opts.tier, upgrade: up },
  });
}
