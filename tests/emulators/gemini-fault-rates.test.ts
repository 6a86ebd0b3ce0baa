// Faults by chance and by script: a seeded draw per model call reproduces the
// asked-for rate of each kind, a script goes first, and countTokens is never hit.
import { describe, expect, it } from "vitest";
import { FAULT_KINDS, FaultDice } from "@/stand-ins/gemini/fault-rates";
import { FaultState, parseFaults } from "@/stand-ins/gemini/faults";

const noMarkers = { block: false, slow: false, cut: false };

describe("Gemini emulator faults by chance", () => {
  it("draws each kind at its rate, the same way for the same seed", () => {
    const rates = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0.04])); // 20% in all
    const draw = (seed: number) => {
      const dice = new FaultDice();
      dice.set({ rates, seed });
      return Array.from({ length: 20_000 }, () => dice.draw("streamGenerateContent"));
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    for (const k of FAULT_KINDS) {
      const share = a.filter((d) => d === k).length / a.length;
      expect(share).toBeGreaterThan(0.035);
      expect(share).toBeLessThan(0.045);
    }
    expect(a.filter((d) => d === null).length / a.length).toBeCloseTo(0.8, 1);
  });

  it("takes a script first, leaves countTokens alone, and turns faults into the request's plan", () => {
    const state = new FaultState(parseFaults({ random: { script: ["cut", "429", "ok", "stream-error"] } }, "t"));
    expect(state.plan("countTokens", "gemini-2.5-flash", noMarkers).error).toBeUndefined();
    expect(state.plan("streamGenerateContent", "gemini-2.5-flash", noMarkers).cutAfterChunks).toBe(2);
    expect(state.plan("streamGenerateContent", "gemini-2.5-flash", noMarkers).error?.httpStatus).toBe(429);
    const ok = state.plan("streamGenerateContent", "gemini-2.5-flash", noMarkers);
    expect(ok.error ?? ok.cutAfterChunks ?? ok.streamError).toBeUndefined();
    expect(state.plan("streamGenerateContent", "gemini-2.5-flash", noMarkers).streamError).toEqual({
      chunks: 2,
      status: 503,
    });
  });

  it("refuses rates and kinds it does not know", () => {
    expect(() => parseFaults({ random: { rates: { timeout: 0.1 } } }, "t")).toThrow();
    expect(() => parseFaults({ random: { rates: { cut: 2 } } }, "t")).toThrow();
  });
});
