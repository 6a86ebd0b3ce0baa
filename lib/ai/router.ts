// Picks the model for one message: fast by default, strong when the message looks
// hard, never a model the tier forbids or the caller cannot afford. Pure: every
// input is passed in, so it is unit-tested without a database or network.
import { worstCaseCostMicros } from "./cost";
import type { ModelRole, ModelSpec } from "./models";
import type { REQUESTED_MODELS } from "./catalog";

export type RequestedModel = (typeof REQUESTED_MODELS)[number];

export interface RouteInput {
  message: string;
  requested: RequestedModel;
  /** Messages already in the conversation. */
  historyMessages: number;
  /** Estimated prompt tokens (history + message + system prompt). */
  estimatedInputTokens: number;
  maxOutputTokens: number;
  allowedRoles: readonly ModelRole[];
  /** Roles the operator switched off for now (lib/ops/switches.ts): never used, whatever the plan allows. */
  switchedOff?: readonly ModelRole[];
  spendable: { tokens: number | null; costMicros: number | null };
  catalog: Record<ModelRole, ModelSpec>;
}

export interface RouteDecision {
  role: ModelRole;
  model: ModelSpec;
  reason: string;
  /** The role that would have been used but was not allowed or affordable. */
  downgradedFrom: ModelRole | null;
}

// The design's triggers plus a few of the same kind: asks for analysis, not a lookup.
const TRIGGERS = [
  /\bcompare\b|\bcomparison\b/i,
  /\banaly[sz]e\b|\banalysis\b/i,
  /\bpros and cons\b|\btrade-?offs?\b/i,
  /\b(step[- ]by[- ]step|in depth|in detail|thoroughly)\b/i,
  /\b(prove|derive|design|architect|refactor|debug|optimi[sz]e)\b/i,
  /\bdifference between\b|\bvs\.?\b|\bversus\b/i,
];
const CODE = /```|\b(function|class|def|const|import|SELECT|#include)\b|[{};]\s*$/m;
const LONG_MESSAGE_CHARS = 1_200;
const LONG_CONVERSATION_MESSAGES = 24;
const COMPLEXITY_THRESHOLD = 2;

/** Complexity signals in a message (short phrases for the routing reason) and their weight. */
export function complexitySignals(message: string, historyMessages: number): { signals: string[]; score: number } {
  const signals: string[] = [];
  const triggers = TRIGGERS.filter((t) => t.test(message)).length;
  // An explicit ask to compare/analyze/weigh pros and cons is enough on its own;
  // the other signals only count together.
  let score = triggers > 0 ? COMPLEXITY_THRESHOLD : 0;
  if (triggers > 0) signals.push(triggers > 1 ? "several analysis cues" : "analysis cue");
  if (CODE.test(message)) signals.push("code");
  if (message.length >= LONG_MESSAGE_CHARS) signals.push("long message");
  const listItems = message.split("\n").filter((l) => /^\s*([-*]|\d+[.)])\s+\S/.test(l)).length;
  if (listItems >= 3) signals.push(`${listItems}-item list`);
  if (historyMessages >= LONG_CONVERSATION_MESSAGES) signals.push("long conversation");
  score += signals.length - (triggers > 0 ? 1 : 0);
  return { signals, score };
}

function affordable(model: ModelSpec, input: RouteInput): boolean {
  const { tokens, costMicros } = input.spendable;
  if (tokens !== null && input.estimatedInputTokens + input.maxOutputTokens > tokens) return false;
  if (costMicros !== null && worstCaseCostMicros(model, input.estimatedInputTokens, input.maxOutputTokens) > costMicros)
    return false;
  return true;
}

export function routeMessage(input: RouteInput): RouteDecision {
  const { signals, score } = complexitySignals(input.message, input.historyMessages);
  let wanted: ModelRole;
  let why: string;
  if (input.requested !== "auto") {
    wanted = input.requested;
    why = `${input.catalog[wanted].label} chosen by you`;
  } else if (score >= COMPLEXITY_THRESHOLD) {
    wanted = "strong";
    why = `complex request (${signals.join(", ")})`;
  } else {
    wanted = "fast";
    why = score ? `simple enough for the fast model (${signals.join(", ")})` : "everyday message";
  }

  const order: ModelRole[] = [wanted, ...(["strong", "fast", "lite"] as const).filter((r) => r !== wanted)];
  // Fall back towards cheaper models only: a forbidden "fast" must not become "strong".
  const cheaperOrSame = order.filter((r, i) => i === 0 || rank(r) < rank(wanted));
  const off = input.switchedOff ?? [];
  const usable = (role: ModelRole) => input.allowedRoles.includes(role) && !off.includes(role);
  for (const role of cheaperOrSame) {
    const model = input.catalog[role];
    if (!usable(role)) continue;
    if (!affordable(model, input)) continue;
    if (role === wanted) return { role, model, reason: why, downgradedFrom: null };
    const blocker = !input.allowedRoles.includes(wanted)
      ? "not included in your plan"
      : off.includes(wanted)
        ? "turned off for now"
        : "over your remaining budget";
    return {
      role,
      model,
      reason: `${why}; ${input.catalog[wanted].label} model ${blocker}, used ${model.label}`,
      downgradedFrom: wanted,
    };
  }
  // Nothing fits: let the cheapest allowed model go to the spend guard, which refuses with a clear 402.
  const cheapest = (["lite", "fast", "strong"] as const).find(usable) ?? "fast";
  return {
    role: cheapest,
    model: input.catalog[cheapest],
    reason: `${why}; no model fits your remaining budget`,
    downgradedFrom: wanted === cheapest ? null : wanted,
  };
}

function rank(role: ModelRole): number {
  return role === "strong" ? 2 : role === "fast" ? 1 : 0;
}
