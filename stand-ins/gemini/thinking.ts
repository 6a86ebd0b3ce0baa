// Thinking as the real models do it: every catalog model thinks, at the level
// the request names (thinkingConfig.thinkingLevel) or its default, and its
// thoughts count against maxOutputTokens - a small cap can be used up by
// thinking, ending MAX_TOKENS with no text (the js-genai recordings show
// gemini-2.5-flash with maxOutputTokens 20: thoughtsTokenCount 19, no
// candidates, finishReason MAX_TOKENS). A level the model does not accept, or a
// level together with a thinking budget, answers 400 INVALID_ARGUMENT.
import type { ThinkingConfig } from "@google/genai";
import { THINKING_LEVELS, type ThinkingLevelName } from "@/lib/ai/catalog";
import { invalidArgument } from "./errors";
import type { EmulatedModel } from "./models";

/** Thought tokens per level: fixed, so tests can reason about caps. */
export const THOUGHT_TOKENS: Record<ThinkingLevelName, number> = { minimal: 0, low: 128, medium: 512, high: 2_048 };
const MAX_BUDGET = 24_576;

export interface ThinkingPlan {
  level: ThinkingLevelName | null;
  thoughtTokens: number;
  includeThoughts: boolean;
}

export function planThinking(model: EmulatedModel, config: ThinkingConfig | undefined): ThinkingPlan {
  const includeThoughts = config?.includeThoughts === true;
  const rawLevel = config?.thinkingLevel;
  const budget = config?.thinkingBudget;
  if (rawLevel !== undefined && rawLevel !== null && budget !== undefined && budget !== null) {
    // The API's own words (a gemini-flash-latest 400 quoted in sterlp/eclipse-peon-ai#115).
    throw invalidArgument("You can only set only one of thinking budget and thinking level.");
  }
  if (rawLevel !== undefined && rawLevel !== null && String(rawLevel) !== "THINKING_LEVEL_UNSPECIFIED") {
    const level = String(rawLevel).toLowerCase() as ThinkingLevelName;
    if (!THINKING_LEVELS.includes(level) || !model.thinking.levels.includes(level)) {
      throw invalidArgument(
        `Thinking level ${String(rawLevel)} is not supported for models/${model.id}. ` +
          `Supported levels: ${model.thinking.levels.map((l) => l.toUpperCase()).join(", ")}.`,
      );
    }
    return { level, thoughtTokens: THOUGHT_TOKENS[level], includeThoughts };
  }
  if (budget !== undefined && budget !== null) {
    if (budget < -1 || budget > MAX_BUDGET)
      // As the API words it (a 400 quoted in RooCodeInc/Roo-Code#4399).
      throw invalidArgument(`The thinking budget (${budget}) is invalid.`);
    const tokens = budget === -1 ? THOUGHT_TOKENS.high : budget;
    return { level: null, thoughtTokens: tokens, includeThoughts };
  }
  const level = model.thinking.default;
  return { level, thoughtTokens: THOUGHT_TOKENS[level], includeThoughts };
}

/** A short thought summary like the ones includeThoughts returns (bold heading, then prose). */
export function thoughtSummary(keywords: string[]): string {
  const topic = keywords.length ? keywords.join(", ") : "the question";
  return `**Working out the answer**\n\nThe question is about ${topic}. I'll settle the key facts first, then write a short, direct answer.\n`;
}
