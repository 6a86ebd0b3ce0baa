import { ThinkingLevel } from "@google/genai";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "@/lib/ai/models";
import { acceptedLevel, thinkingConfig } from "@/lib/ai/thinking";
import { SUMMARY_THINKING, TIERS } from "@/lib/budget/tiers";

const catalog = buildCatalog({});

describe("thinking config", () => {
  it("sends the tier's level under the name the model accepts, never with a budget", () => {
    expect(thinkingConfig(catalog.fast, "low", true)).toEqual({
      thinkingLevel: ThinkingLevel.LOW,
      includeThoughts: true,
    });
    // 3.8 Flash has no "minimal": the nearest level above it.
    expect(acceptedLevel(catalog.fast, "minimal")).toBe("low");
    expect(thinkingConfig(catalog.lite, SUMMARY_THINKING, false)).toEqual({ thinkingLevel: ThinkingLevel.MINIMAL });
    for (const role of ["fast", "strong", "lite"] as const)
      for (const tier of Object.values(TIERS)) {
        const config = thinkingConfig(catalog[role], tier.thinking[role], true);
        expect(config.thinkingBudget).toBeUndefined();
        expect(catalog[role].thinking.levels).toContain(String(config.thinkingLevel).toLowerCase());
      }
  });

  it("falls back to the highest accepted level when none is at or above the wish", () => {
    expect(acceptedLevel({ thinking: { levels: ["minimal", "low"], default: "low" } }, "high")).toBe("low");
  });
});
