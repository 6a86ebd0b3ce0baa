// A metered model call outside the answer's stream (a summary, a title): the
// hold, the call, the settlement (through a database blip too, like every call
// of a turn), in that order, whatever the call does. The hold's refusal (budget,
// rate) is thrown before anything is sent to the model.
import type { Logger } from "pino";
import type { ThinkingLevelName } from "@/lib/ai/catalog";
import { pricedCost, worstCaseCostMicros } from "@/lib/ai/cost";
import { generateText, type GenerateResult } from "@/lib/ai/generate";
import type { ModelSpec } from "@/lib/ai/models";
import { countPromptTokens } from "@/lib/ai/token-count";
import type { Identity } from "@/lib/auth/identity";
import { meteredCall } from "@/lib/budget/metered-call";
import { env } from "@/lib/config/env";
import { settleDurably } from "./final-write";
import { getSpendGuard, type CallUsage } from "./spend-guard";

export interface OneShot {
  identity: Identity;
  ip: string | null;
  conversationId: string;
  model: ModelSpec;
  system: string;
  text: string;
  maxOutputTokens: number;
  thinking: ThinkingLevelName;
  purpose: Exclude<CallUsage["purpose"], "chat">;
  log: Logger;
}

/**
 * The call's result, once its usage is settled. `accept` stores the text and
 * says whether it was used (outcome "ok"); should it throw, the call counts as
 * failed and the error is the result's `failure`.
 */
export async function meteredOneShot(
  call: OneShot,
  accept: (text: string) => Promise<boolean>,
): Promise<GenerateResult & { accepted: boolean }> {
  const estimatedInputTokens = await countPromptTokens(call.text, call.system);
  const input = {
    identity: call.identity,
    ip: call.ip,
    conversationId: call.conversationId,
    model: call.model.id,
    estimatedInputTokens,
    maxOutputTokens: call.maxOutputTokens,
    worstCaseCostMicros: worstCaseCostMicros(call.model, estimatedInputTokens, call.maxOutputTokens),
    countsAsRequest: false,
  };
  const { result } = await meteredCall({
    hold: { take: async () => (await getSpendGuard().beforeCall(input)).hold },
    call: () => generateAndAccept(call, estimatedInputTokens, accept),
    settle: (hold, result) => settleDurably({ hold, usage: usageOf(call, estimatedInputTokens, result) }, call.log),
  });
  return result;
}

async function generateAndAccept(
  call: OneShot,
  estimatedInputTokens: number,
  accept: (text: string) => Promise<boolean>,
): Promise<GenerateResult & { accepted: boolean }> {
  const result = await generateText({
    model: call.model,
    contents: call.text,
    systemInstruction: call.system,
    maxOutputTokens: call.maxOutputTokens,
    thinking: call.thinking,
    estimatedInputTokens,
    idleTimeoutMs: env().GEMINI_IDLE_TIMEOUT_MS,
  });
  if (result.text === null) return { ...result, accepted: false };
  try {
    return { ...result, accepted: await accept(result.text) };
  } catch (err) {
    // Used or not, the call is settled; the caller hears why through `failure`.
    return { ...result, failure: err, accepted: false };
  }
}

/** The ledger's record of the call; the estimate (and "error") when it threw. */
function usageOf(
  call: OneShot,
  estimatedInputTokens: number,
  result: (GenerateResult & { accepted: boolean }) | undefined,
): CallUsage {
  const usage = result?.usage ?? {
    inputTokens: estimatedInputTokens,
    cachedTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
  };
  const { costMicros, price } = pricedCost(call.model, usage, result?.startedAt ?? new Date());
  return {
    model: call.model.id,
    ...usage,
    totalTokens: usage.inputTokens + usage.outputTokens + usage.thinkingTokens,
    costMicros,
    price,
    estimated: result?.estimated ?? true,
    latencyMs: result?.latencyMs ?? 0,
    outcome: result?.accepted ? "ok" : "error",
    conversationId: call.conversationId,
    messageId: null,
    purpose: call.purpose,
    upstreamStatus: result?.upstreamStatus ?? null,
  };
}
