import { describe, expect, it } from "vitest";
import { meteredCall } from "@/lib/budget/metered-call";
import type { SpendHold } from "@/lib/budget/guard";

describe("meteredCall", () => {
  const hold: SpendHold = { id: "h1" };

  it("takes the hold, runs the call with it, then settles with the result", async () => {
    const steps: string[] = [];
    const out = await meteredCall({
      hold: { take: async () => (steps.push("hold"), hold) },
      call: async (h) => (steps.push(`call ${h.id}`), 42),
      settle: async (h, result) => (steps.push(`settle ${h.id} ${result}`), "stored"),
    });
    expect(steps).toEqual(["hold", "call h1", "settle h1 42"]);
    expect(out).toEqual({ hold, result: 42, settled: "stored" });
  });

  it("settles a call that threw (with no result) and rethrows its error", async () => {
    const settled: unknown[] = [];
    await expect(
      meteredCall({
        hold,
        call: async () => {
          throw new Error("socket hang up");
        },
        settle: async (_h, result) => void settled.push(result ?? "estimate"),
      }),
    ).rejects.toThrow("socket hang up");
    expect(settled).toEqual(["estimate"]);
  });

  it("calls nothing and settles nothing when the hold is refused", async () => {
    const steps: string[] = [];
    await expect(
      meteredCall({
        hold: {
          take: async () => {
            throw new Error("budget exceeded");
          },
        },
        call: async () => void steps.push("call"),
        settle: async () => void steps.push("settle"),
      }),
    ).rejects.toThrow("budget exceeded");
    expect(steps).toEqual([]);
  });

  it("settles once when the settlement itself fails", async () => {
    let settles = 0;
    await expect(
      meteredCall({
        hold,
        call: async () => "answer",
        settle: async () => {
          settles += 1;
          throw new Error("database away");
        },
      }),
    ).rejects.toThrow("database away");
    expect(settles).toBe(1);
  });
});
