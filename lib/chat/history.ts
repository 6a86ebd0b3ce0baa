// Which past messages go with a new one. History is capped by message count and
// tokens; turns that fall out of the window are covered by a stored summary,
// re-made only when new turns fall out, and then down to half the window so
// the summary is reused for several turns rather than re-made on every one.

export interface HistoryItem {
  role: "user" | "model";
  /** Token count; 0 for messages that are not sent (failed or blocked answers). */
  tokens: number;
  /** False for failed or blocked answers, which are shown but never sent. */
  included: boolean;
}

export interface HistoryLimits {
  maxMessages: number;
  maxTokens: number;
}

export interface ContextPlan {
  /** Index of the first message sent in full. */
  start: number;
  /** True when messages [summarizedCount, start) must be folded into the summary first. */
  resummarize: boolean;
}

/** Smallest start index whose window fits both limits; the newest message is always kept. */
export function windowStart(items: readonly HistoryItem[], limits: HistoryLimits): number {
  let count = 0;
  let tokens = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.included) {
      const isNewest = i === items.length - 1;
      if (!isNewest && (count + 1 > limits.maxMessages || tokens + item.tokens > limits.maxTokens)) return i + 1;
      count += 1;
      tokens += item.tokens;
    }
  }
  return 0;
}

/** Moves a window start forward to a user turn, so the model never sees an answer without its question. */
function alignToUser(items: readonly HistoryItem[], start: number): number {
  let i = start;
  while (i < items.length - 1 && items[i].role !== "user") i++;
  return i;
}

export function planContext(
  items: readonly HistoryItem[],
  summarizedCount: number,
  limits: HistoryLimits,
): ContextPlan {
  const needed = windowStart(items, limits);
  const covered = Math.min(summarizedCount, items.length - 1);
  if (needed <= covered) return { start: alignToUser(items, covered), resummarize: false };
  const half = Math.max(0, items.length - Math.ceil(limits.maxMessages / 2));
  let start = Math.max(needed, half);
  // Prefer keeping the question of a cut-off answer over dropping the answer too.
  if (items[start]?.role === "model" && start - 1 >= needed && start - 1 > covered) start -= 1;
  return { start: alignToUser(items, start), resummarize: true };
}
