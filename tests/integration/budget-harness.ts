// Shared setup for the budget guard tests: a controllable clock, users of a tier
// with optional budget overrides, a call's usage, a call's input, and a refusal.
import { expect } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { worstCaseTokens } from "@/lib/budget/spend-guard";
import type { CallUsage } from "@/lib/budget/guard";
import { getDb } from "@/lib/db/client";
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";

export function clockAt(iso: string) {
  let t = new Date(iso).getTime();
  const clock = () => new Date(t);
  return Object.assign(clock, {
    set: (s: string) => void (t = new Date(s).getTime()),
    advance: (ms: number) => void (t += ms),
  });
}

export async function user(tier: Tier, daily?: number, month?: number): Promise<Identity> {
  const u = await getDb().user.create({
    data: {
      tier,
      isGuest: tier === "guest",
      dailyTokenOverride: daily === undefined ? null : BigInt(daily),
      monthTokenOverride: month === undefined ? null : BigInt(month),
    },
  });
  return { userId: u.id, role: "user", tier, isGuest: tier === "guest", via: "guest" };
}

export function usage(p: Partial<CallUsage> = {}): CallUsage {
  return {
    model: "gemini-3.8-flash",
    inputTokens: 100,
    cachedTokens: 0,
    outputTokens: 200,
    thinkingTokens: 0,
    totalTokens: 300,
    costMicros: 50,
    estimated: false,
    latencyMs: 12,
    outcome: "ok",
    conversationId: null,
    messageId: null,
    purpose: "chat",
    ...p,
  };
}

export const call = (identity: Identity, input = 100, output = 200, cost = 100) => ({
  identity,
  ip: "10.0.0.1",
  conversationId: "c1",
  model: "gemini-3.8-flash",
  estimatedInputTokens: input,
  maxOutputTokens: output,
  worstCaseCostMicros: cost,
});

export const WORST = worstCaseTokens(100, 200); // 126 + 200 = 326

export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
