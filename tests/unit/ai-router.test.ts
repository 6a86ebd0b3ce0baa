import { describe, expect, it } from "vitest";
import { buildCatalog } from "@/lib/ai/models";
import { complexitySignals, routeMessage, type RouteInput } from "@/lib/ai/router";

const catalog = buildCatalog({});
const base: RouteInput = {
  message: "hi",
  requested: "auto",
  historyMessages: 0,
  estimatedInputTokens: 100,
  maxOutputTokens: 2_000,
  allowedRoles: ["fast", "strong", "lite"],
  spendable: { tokens: null, costMicros: null },
  catalog,
};

describe("routeMessage", () => {
  it("sends everyday messages to the fast model", () => {
    const d = routeMessage(base);
    expect(d.role).toBe("fast");
    expect(d.reason).toBe("everyday message");
    expect(d.downgradedFrom).toBeNull();
  });

  it.each([
    "Compare Rust and Go for a CLI",
    "Analyze this quarterly report",
    "What are the pros and cons of remote work?",
    "What's the difference between TCP and UDP?",
  ])("sends an analysis request to the strong model: %s", (message) => {
    const d = routeMessage({ ...base, message });
    expect(d.role).toBe("strong");
    expect(d.reason).toMatch(/^complex request \(analysis cue/);
  });

  it("needs two weaker signals (code and length) for the strong model", () => {
    expect(routeMessage({ ...base, message: "```js\nconst x = 1;\n```" }).role).toBe("fast");
    const long = `Why does this fail?\n\`\`\`ts\n${"const a = 1;\n".repeat(120)}\`\`\``;
    const d = routeMessage({ ...base, message: long });
    expect(d.role).toBe("strong");
    expect(d.reason).toContain("code");
    expect(d.reason).toContain("long message");
  });

  it("counts multi-item lists and long conversations", () => {
    const s = complexitySignals("Rank these:\n- a\n- b\n- c", 30);
    expect(s.signals).toEqual(["3-item list", "long conversation"]);
    expect(routeMessage({ ...base, message: "Rank these:\n- a\n- b\n- c", historyMessages: 30 }).role).toBe("strong");
  });

  it("never picks a role the plan does not include, and says why", () => {
    const d = routeMessage({ ...base, message: "Compare A and B", allowedRoles: ["fast", "lite"] });
    expect(d.role).toBe("fast");
    expect(d.downgradedFrom).toBe("strong");
    expect(d.reason).toMatch(/Strong model not included in your plan, used Fast/);
  });

  it("honours an explicit choice where allowed and downgrades it where not", () => {
    expect(routeMessage({ ...base, requested: "strong" }).role).toBe("strong");
    expect(routeMessage({ ...base, requested: "strong" }).reason).toBe("Strong chosen by you");
    const d = routeMessage({ ...base, requested: "strong", allowedRoles: ["fast", "lite"] });
    expect(d.role).toBe("fast");
  });

  it("never picks a model whose worst-case cost exceeds what the caller may spend", () => {
    // Strong worst case: 100 in × $1.25 + 2000 out × $10 per 1M = 20,125 µ$; fast: 5,030 µ$.
    const d = routeMessage({ ...base, message: "Compare A and B", spendable: { tokens: null, costMicros: 10_000 } });
    expect(d.role).toBe("fast");
    expect(d.reason).toMatch(/over your remaining budget/);
    const lite = routeMessage({ ...base, spendable: { tokens: null, costMicros: 1_000 } });
    expect(lite.role).toBe("lite");
    const tokens = routeMessage({ ...base, spendable: { tokens: 500, costMicros: null } });
    expect(tokens.reason).toMatch(/no model fits your remaining budget/);
  });

  it("never upgrades a forbidden cheap model to an expensive one", () => {
    const d = routeMessage({ ...base, allowedRoles: ["lite"] });
    expect(d.role).toBe("lite");
  });
});

describe("routeMessage with a role switched off", () => {
  it("answers with the fast model, and says why, when the strong model is off", () => {
    const chosen = routeMessage({ ...base, requested: "strong", switchedOff: ["strong"] });
    expect(chosen.role).toBe("fast");
    expect(chosen.downgradedFrom).toBe("strong");
    expect(chosen.reason).toContain("Strong model turned off for now, used");
    const auto = routeMessage({ ...base, message: "Compare Rust and Go for a CLI", switchedOff: ["strong"] });
    expect(auto.role).toBe("fast");
    expect(auto.reason).toContain("turned off for now");
  });

  it("never falls back to a switched-off role, even when nothing else fits", () => {
    const d = routeMessage({
      ...base,
      allowedRoles: ["fast", "strong"],
      switchedOff: ["strong"],
      spendable: { tokens: 10, costMicros: null },
    });
    expect(d.role).toBe("fast");
  });
});
