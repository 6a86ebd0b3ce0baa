// The thinkingConfig a call sends: the level the tier asks for, mapped to one the
// model accepts (the nearest at or above it, else the model's highest), never
// together with a thinking budget (the API answers 400 to both at once).
import { ThinkingLevel, type ThinkingConfig } from "@google/genai";
import { THINKING_LEVELS, type ThinkingLevelName } from "./catalog";
import type { ModelSpec } from "./models";

const WIRE: Record<ThinkingLevelName, ThinkingLevel> = {
  minimal: ThinkingLevel.MINIMAL,
  low: ThinkingLevel.LOW,
  medium: ThinkingLevel.MEDIUM,
  high: ThinkingLevel.HIGH,
};

/** The accepted level closest to `wanted`: the first at or above it, else the highest accepted. */
export function acceptedLevel(model: Pick<ModelSpec, "thinking">, wanted: ThinkingLevelName): ThinkingLevelName {
  const rank = THINKING_LEVELS.indexOf(wanted);
  const accepted = [...model.thinking.levels].sort((a, b) => THINKING_LEVELS.indexOf(a) - THINKING_LEVELS.indexOf(b));
  return accepted.find((level) => THINKING_LEVELS.indexOf(level) >= rank) ?? accepted.at(-1)!;
}

export function thinkingConfig(
  model: Pick<ModelSpec, "thinking">,
  wanted: ThinkingLevelName,
  includeThoughts: boolean,
): ThinkingConfig {
  return { thinkingLevel: WIRE[acceptedLevel(model, wanted)], ...(includeThoughts ? { includeThoughts: true } : {}) };
}
