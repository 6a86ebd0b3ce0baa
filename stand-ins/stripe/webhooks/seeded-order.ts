// Deterministic reordering for held deliveries, so a test that found an
// ordering bug with seed N can replay exactly that order.
import type { FlushOrder } from "../types";

/** mulberry32: tiny, fast, and good enough to shuffle a test's events. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function reorder<T>(items: T[], order: FlushOrder, seed: number): T[] {
  if (order === "fifo") return [...items];
  if (order === "reverse") return [...items].reverse();
  const next = random(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}
