// The emulator's notion of "now". Real time keeps flowing, and tests can jump
// ahead with advance(); the offset is persisted so a restarted dev server does
// not travel back in time relative to the subscriptions it stored.
export class Clock {
  constructor(private offsetSeconds = 0) {}

  /** Unix seconds, as every Stripe timestamp is. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError("The clock only moves forward: seconds must be a finite number >= 0");
    }
    this.offsetSeconds += Math.floor(seconds);
    return this.now();
  }

  get offset(): number {
    return this.offsetSeconds;
  }
}

export const DAY = 86_400;

/** Adds one billing interval the way Stripe does: same day of month, clamped to the month's end. */
export function addInterval(from: number, interval: string, count = 1): number {
  const date = new Date(from * 1000);
  const day = date.getUTCDate();
  if (interval === "day") return from + DAY * count;
  if (interval === "week") return from + 7 * DAY * count;
  const months = interval === "year" ? 12 * count : count;
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/**
 * The first period boundary strictly after `after`, counted from the billing
 * cycle anchor (so a Jan 31 anchor gives Feb 28, then Mar 31, not Mar 28).
 */
export function nextPeriodEnd(anchor: number, interval: string, intervalCount: number, after: number): number {
  for (let n = 1; n < 100_000; n++) {
    const candidate = addInterval(anchor, interval, n * intervalCount);
    if (candidate > after) return candidate;
  }
  throw new Error("nextPeriodEnd: billing anchor is implausibly far in the past");
}
