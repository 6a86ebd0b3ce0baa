// Budget windows are pure functions of a timestamp, so correctness needs no cron:
// a new day or month simply has no counter row yet. Daily = UTC midnight to UTC
// midnight. Monthly = calendar month in UTC, or the billing period of a live
// subscription (paid users follow what they pay for).
export interface Window {
  kind: "day" | "month";
  start: Date;
  /** Exclusive: the instant the window resets. */
  end: Date;
}

export interface BillingPeriod {
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
}

/** Subscription states whose billing period defines the monthly window. */
export const LIVE_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due"] as const;

export function dayWindow(at: Date): Window {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
  return { kind: "day", start, end };
}

export function calendarMonthWindow(at: Date): Window {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { kind: "month", start, end };
}

/**
 * The monthly window at `at`: the live billing period that contains `at`, else the
 * calendar month. A period that has ended without a renewal webhook yet falls back
 * to the calendar month rather than granting an open-ended window.
 */
export function monthWindow(at: Date, periods: BillingPeriod[] = []): Window {
  const t = at.getTime();
  const period = periods.find((p) => p.currentPeriodStart.getTime() <= t && t < p.currentPeriodEnd.getTime());
  if (!period) return calendarMonthWindow(at);
  return { kind: "month", start: period.currentPeriodStart, end: period.currentPeriodEnd };
}

export function windowsAt(at: Date, periods: BillingPeriod[] = []): { day: Window; month: Window } {
  return { day: dayWindow(at), month: monthWindow(at, periods) };
}
