// User preferences, validated against what the user's tier allows.
import { z } from "zod";
import { tierLimits } from "@/lib/budget/tiers";
import type { Tier } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/http/app-error";
import { INSTRUCTIONS_MAX_CHARS } from "./instruction-limits";

export { INSTRUCTIONS_MAX_CHARS };

const instruction = (what: string) =>
  z
    .string()
    .trim()
    .max(INSTRUCTIONS_MAX_CHARS, `${what} can be at most ${INSTRUCTIONS_MAX_CHARS.toLocaleString("en-US")} characters.`)
    .default("");

export const preferencesSchema = z.object({
  defaultModel: z.enum(["auto", "fast", "strong"]).default("auto"),
  historyLength: z.number().int().min(2).max(100).default(20),
  theme: z.enum(["system", "light", "dark"]).default("system"),
  /** Custom instructions, in every conversation's system prompt (lib/chat/system-prompt.ts). */
  aboutMe: instruction("What the assistant should know about you"),
  answerStyle: instruction("How the assistant should answer"),
});

export type Preferences = z.infer<typeof preferencesSchema>;

export const preferencesPatchSchema = preferencesSchema.partial();

/** Stored JSON may predate a field or hold junk: fall back to defaults field by field. */
export function readPreferences(stored: unknown): Preferences {
  const obj = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const defaults = preferencesSchema.parse({});
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof Preferences)[]) {
    const parsed = preferencesSchema.shape[key].safeParse(obj[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Preferences;
}

export function allowedModels(tier: Tier): Preferences["defaultModel"][] {
  return ["auto", ...(tierLimits(tier).models.filter((m) => m === "fast" || m === "strong") as ("fast" | "strong")[])];
}

/**
 * Preferences as they apply under the plan the user has now: a default model the
 * plan no longer includes (after a downgrade) reads as Auto, which is what the
 * chat uses and the account page shows.
 */
export function effectivePreferences(stored: unknown, tier: Tier): Preferences {
  const prefs = readPreferences(stored);
  return allowedModels(tier).includes(prefs.defaultModel) ? prefs : { ...prefs, defaultModel: "auto" };
}

export function mergePreferences(
  stored: unknown,
  patch: z.infer<typeof preferencesPatchSchema>,
  tier: Tier,
): Preferences {
  const current = effectivePreferences(stored, tier);
  const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  if (!allowedModels(tier).includes(next.defaultModel)) {
    throw new AppError("forbidden:account", `Your plan does not include the ${next.defaultModel} model.`);
  }
  return next as Preferences;
}
