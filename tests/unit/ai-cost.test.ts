import { describe, expect, it } from "vitest";
import { costMicros, pricedCost, worstCaseCostMicros } from "@/lib/ai/cost";
import { CATALOG } from "@/lib/ai/catalog";
import { buildCatalog, CatalogError } from "@/lib/ai/models";

const catalog = buildCatalog({});
const dec2026 = new Date("2026-12-02T12:00:00Z");
const jan2027 = new Date("2027-01-01T00:00:00Z");

describe("costMicros", () => {
  it("bills uncached input, cached input and output plus thinking at their rates", () => {
    // 3.8 Flash in 2026: 1000 × 0.75 + 500 × 3.75 = 750 + 1875 µ$
    const usage = { inputTokens: 1000, cachedTokens: 0, outputTokens: 500, thinkingTokens: 0 };
    expect(costMicros(catalog.fast, usage, dec2026)).toBe(2625);
    // Thinking tokens are output tokens.
    const thinking = { inputTokens: 0, cachedTokens: 0, outputTokens: 100, thinkingTokens: 100 };
    expect(costMicros(catalog.fast, thinking, dec2026)).toBe(750);
  });

  it("does not count cached tokens twice (promptTokenCount includes them)", () => {
    // 10,000 prompt of which 8,000 cached: 2,000 × 0.75 + 8,000 × 0.075 = 1500 + 600
    const usage = { inputTokens: 10_000, cachedTokens: 8_000, outputTokens: 0, thinkingTokens: 0 };
    expect(costMicros(catalog.fast, usage, dec2026)).toBe(2100);
  });

  it("prices a call at its own date: 3.8 Flash doubles on 2027-01-01, Argon did on 2026-12-01", () => {
    const usage = { inputTokens: 1_000_000, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 };
    expect(pricedCost(catalog.fast, usage, new Date("2026-12-31T23:59:59Z"))).toMatchObject({
      costMicros: 750_000,
      price: { validFrom: "2026-09-02", input: 750_000 },
    });
    expect(pricedCost(catalog.fast, usage, jan2027)).toMatchObject({
      costMicros: 1_500_000,
      price: { validFrom: "2027-01-01", input: 1_500_000, cachedInput: 150_000, output: 7_500_000 },
    });
    expect(costMicros(catalog.strong, usage, new Date("2026-11-30T23:00:00Z"))).toBe(2_000_000);
    expect(costMicros(catalog.strong, usage, dec2026)).toBe(4_000_000);
  });

  it("uses a long-context tier above its threshold, and an override can add or remove it", () => {
    const withTier = buildCatalog({
      GEMINI_PRICES_JSON: JSON.stringify({
        strong: {
          longContext: {
            abovePromptTokens: 200_000,
            price: { input: 8_000_000, cachedInput: 400_000, output: 30_000_000 },
          },
        },
      }),
    });
    const usage = { inputTokens: 200_000, cachedTokens: 0, outputTokens: 1_000, thinkingTokens: 0 };
    expect(costMicros(withTier.strong, usage, dec2026)).toBe(800_000 + 20_000);
    expect(pricedCost(withTier.strong, { ...usage, inputTokens: 200_001 }, dec2026)).toMatchObject({
      costMicros: 1_600_008 + 30_000,
      price: { longContext: true },
    });
    // The catalog's own prices stay when only the tier is overridden.
    expect(withTier.strong.prices).toEqual(CATALOG.find((m) => m.id === "gemini-4-argon")!.prices);
    const removed = buildCatalog({ GEMINI_PRICES_JSON: JSON.stringify({ strong: { longContext: null } }) });
    expect(removed.strong.longContext).toBeNull();
    expect(costMicros(removed.strong, { ...usage, inputTokens: 200_001 }, dec2026)).toBe(800_004 + 20_000);
  });

  it("rounds up so tiny calls are never free", () => {
    const one = { inputTokens: 1, cachedTokens: 0, outputTokens: 0, thinkingTokens: 0 };
    expect(costMicros(catalog.lite, one, dec2026)).toBe(1);
    expect(costMicros(catalog.lite, { ...one, inputTokens: 0 }, dec2026)).toBe(0);
  });

  it("worst case assumes every output token is used", () => {
    expect(worstCaseCostMicros(catalog.fast, 1000, 1000, dec2026)).toBe(750 + 3750);
  });
});

describe("model catalog", () => {
  it("defaults to the current GA models at their published prices", () => {
    expect([catalog.fast.id, catalog.strong.id, catalog.lite.id]).toEqual([
      "gemini-3.8-flash",
      "gemini-4-argon",
      "gemini-3.5-flash-lite",
    ]);
    expect(catalog.lite.prices).toEqual([
      { validFrom: "2026-07-21", input: 300_000, cachedInput: 30_000, output: 2_500_000 },
    ]);
    expect(catalog.fast.thinking.levels).not.toContain("minimal");
  });

  it("switches ids and prices by configuration only", () => {
    const c = buildCatalog({
      GEMINI_MODEL_FAST: "gemini-3.9-flash",
      GEMINI_PRICES_JSON: JSON.stringify({
        fast: {
          prices: [
            { validFrom: "2027-02-01", input: 600_000, cachedInput: 60_000, output: 3_500_000 },
            { validFrom: "2026-12-01", input: 500_000, cachedInput: 50_000, output: 3_000_000 },
          ],
        },
      }),
    });
    expect(c.fast.id).toBe("gemini-3.9-flash");
    expect(c.fast.prices.map((p) => p.validFrom)).toEqual(["2026-12-01", "2027-02-01"]);
    const usage = { inputTokens: 0, cachedTokens: 0, outputTokens: 1_000_000, thinkingTokens: 0 };
    expect(costMicros(c.fast, usage, dec2026)).toBe(3_000_000);
    expect(() => buildCatalog({ GEMINI_PRICES_JSON: '{"fast":{"input":0.3}}' })).toThrow(CatalogError);
  });

  it("refuses a model it has no price for, naming the variable to fix", () => {
    expect(() => buildCatalog({ GEMINI_MODEL_STRONG: "gemini-5-xenon" })).toThrow(
      /GEMINI_MODEL_STRONG=gemini-5-xenon is not in the model catalog.*GEMINI_PRICES_JSON/,
    );
  });
});
