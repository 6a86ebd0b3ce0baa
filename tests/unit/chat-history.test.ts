import { describe, expect, it } from "vitest";
import { planContext, windowStart, type HistoryItem } from "@/lib/chat/history";

const turns = (n: number, tokens = 10): HistoryItem[] =>
  Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? "user" : "model", tokens, included: true }));

describe("history window", () => {
  it("keeps everything that fits", () => {
    expect(windowStart(turns(5), { maxMessages: 10, maxTokens: 1000 })).toBe(0);
  });

  it("caps by message count and by tokens", () => {
    expect(windowStart(turns(11), { maxMessages: 4, maxTokens: 1000 })).toBe(7);
    expect(windowStart(turns(11), { maxMessages: 100, maxTokens: 35 })).toBe(8);
  });

  it("always keeps the newest message, even if it alone is over the token cap", () => {
    expect(windowStart(turns(3, 500), { maxMessages: 10, maxTokens: 100 })).toBe(2);
  });

  it("does not count failed answers, which are never sent", () => {
    const items = turns(6);
    items[3] = { role: "model", tokens: 0, included: false };
    expect(windowStart(items, { maxMessages: 3, maxTokens: 1000 })).toBe(2);
  });

  it("asks for a summary when turns fall out, down to half the window, starting at a user turn", () => {
    const plan = planContext(turns(11), 0, { maxMessages: 6, maxTokens: 1000 });
    expect(plan).toEqual({ start: 8, resummarize: true });
  });

  it("reuses the stored summary until new turns fall out of the window", () => {
    expect(planContext(turns(11), 8, { maxMessages: 6, maxTokens: 1000 })).toEqual({ start: 8, resummarize: false });
    expect(planContext(turns(13), 8, { maxMessages: 6, maxTokens: 1000 })).toEqual({ start: 8, resummarize: false });
    expect(planContext(turns(15), 8, { maxMessages: 6, maxTokens: 1000 }).resummarize).toBe(true);
  });
});
