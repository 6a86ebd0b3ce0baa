import { describe, expect, it } from "vitest";
import { costMicros, worstCaseCostMicros } from "@/lib/ai/cost";
import { buildCatalog } from "@/lib/ai/models";

const catalog = buildCatalog({});

describe("costMicros", () => {
  it("bills uncached input, cached input and output plus thinking at their rates", () => {
    // flash: 1000 × 0.30 + 0 + 500 × 2.50 = 300 + 1250 µ$
    expect(costMicros(catalog.fast, { inputTokens: 1000, cachedTokens: 0, outputTokens: 500, thinkingTokens: 0 })).toBe(
      1550,
    );
    // Thinking tokens are output tokens.
    expect(costMicros(catalog.fast, { inputTokens: 0, cachedTokens: 0, outputTokens: 100, thinkingTokens: 100 })).toBe(
      500,
    );
  });

  it("does not count cached tokens twice (promptTokenCount includes them)", () => {
    // 10,000 prompt of which 8,000 cached: 2,000 × 0.30 + 8,000 × 0.03 = 600 + 240
    expect(
      costMicros(catalog.fast, { inputTokens: 10_000, cachedTokens: 8_000, outputTokens: 0, thinkingTokens: 0 }),
    ).toBe(840);
  });

  it("uses Pro's long-context prices above 200k prompt tokens", () => {
    const usage = { inputTokens: 200_000, cachedTokens: 0, outputTokens: 1_000, thinkingTokens: 0 };
    expect(costMicros(catalog.strong, usage)).toBe(250_000 + 10_000);
    expect(costMicros(catalog.strong, { ...usage, inputTokens: 200_001 })).toBe(500_003 + 15_000);
  });

  it("rounds up so tiny calls are never free", () => {
    expect(costMicros(catalog.lite, { inputTokens: 1, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 })).toBe(1);
    expect(costMicros(catalog.lite, { inputTokens: 0, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 })).toBe(0);
  });

  it("worst case assumes every output token is used", () => {
    expect(worstCaseCostMicros(catalog.fast, 1000, 1000)).toBe(300 + 2500);
  });
});

describe("model catalog", () => {
  it("defaults to the 2.5 family and published prices", () => {
    expect([catalog.fast.id, catalog.strong.id, catalog.lite.id]).toEqual([
      "gemini-2.5-flash",
      "gemini-2.5-pro",
      "gemini-2.5-flash-lite",
    ]);
    expect(catalog.lite.price).toEqual({ input: 100_000, cachedInput: 10_000, output: 400_000 });
  });

  it("switches ids and prices by configuration only", () => {
    const c = buildCatalog({
      GEMINI_MODEL_FAST: "gemini-3-flash",
      GEMINI_PRICES_JSON: JSON.stringify({ fast: { input: 500_000, cachedInput: 50_000, output: 3_000_000 } }),
    });
    expect(c.fast.id).toBe("gemini-3-flash");
    expect(c.fast.price.output).toBe(3_000_000);
    expect(c.strong.longContext?.abovePromptTokens).toBe(200_000);
    expect(() => buildCatalog({ GEMINI_PRICES_JSON: '{"fast":{"input":0.3}}' })).toThrow();
  });
});
