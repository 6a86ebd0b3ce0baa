// Deterministic reordering for held deliveries, so a test that found an
// ordering bug with seed N can replay exactly that order.
import { seededRandom } from "../../seeded-random";
import type { FlushOrder } from "../types";

export function reorder<T>(items: T[], order: FlushOrder, seed: number): T[] {
  if (order === "fifo") return [...items];
  if (order === "reverse") return [...items].reverse();
  const next = seededRandom(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}
