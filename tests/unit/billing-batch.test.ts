import { describe, expect, it } from "vitest";
import { createBatcher } from "@/lib/db/batch";

const tick = () => new Promise((r) => setImmediate(r));

describe("createBatcher", () => {
  it("sends calls made in the same turn as one batch, results back in order", async () => {
    const batches: number[][] = [];
    const double = createBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("splits at maxSize", async () => {
    const sizes: number[] = [];
    const echo = createBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      { maxSize: 2, maxInFlight: 10 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map(echo))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("gathers callers into the next batch while maxInFlight batches are out", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = createBatcher<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items;
      },
      { maxInFlight: 1 },
    );
    const first = run(1);
    await tick();
    const later = [run(2), tick().then(() => run(3))];
    await tick();
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("rejects every caller of a failed batch and keeps serving later ones", async () => {
    let fail = true;
    const run = createBatcher<string, string>(async (items) => {
      if (fail) throw new Error("database gone");
      return items;
    });
    const results = await Promise.allSettled([run("a"), run("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await run("c")).toBe("c");
  });

  it("rejects when the runner returns the wrong number of results", async () => {
    const run = createBatcher<number, number>(async () => [1]);
    await expect(Promise.all([run(1), run(2)])).rejects.toThrow(/2 items/);
  });
});
