// Turns that died with their server (kill -9, a crash, a lost instance): their
// answer's lease lapsed while "streaming". The call was served, so its hold is
// settled at the estimate (the prompt's estimate and the text the last renewal
// recorded) rather than left to expire uncharged, and the answer is marked
// interrupted so the user can retry it at once. Done by whoever reads such an
// answer, and by a sweep every few seconds in every server; an answer this
// server (or another) keeps in the outbox (outbox.ts) is left to be applied from there.
import type { Message } from "@/lib/db/generated/client";
import { MAX_SEARCHES_PER_CALL } from "@/lib/ai/catalog";
import { pricedCost } from "@/lib/ai/cost";
import { modelById } from "@/lib/ai/models";
import { countText } from "@/lib/ai/token-count";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { query } from "@/lib/db/sql";
import { logger } from "@/lib/log/logger";
import { keptAnswers } from "./outbox";
import { getSpendGuard, type CallUsage } from "./spend-guard";
import { lapsedAnswers, markInterrupted } from "./statements";
import { INTERRUPTED_DETAIL, lapsed, STREAM_LEASE_MS } from "./stream-lease";

type DeadAnswer = Pick<
  Message,
  | "id"
  | "conversationId"
  | "status"
  | "aliveUntil"
  | "createdAt"
  | "content"
  | "model"
  | "holdId"
  | "inputTokens"
  | "searching"
>;

async function estimate(m: DeadAnswer, now: number): Promise<CallUsage> {
  const outputTokens = m.content ? await countText(m.content).catch(() => Math.ceil(m.content.length / 4)) : 0;
  // A call that could search may have run every search its hold allowed.
  const searchQueries = m.searching ? MAX_SEARCHES_PER_CALL : 0;
  const tokens = { inputTokens: m.inputTokens, cachedTokens: 0, outputTokens, thinkingTokens: 0, searchQueries };
  const spec = m.model ? modelById(m.model) : undefined;
  // Priced as of the turn's start, like a call that finished.
  const priced = spec ? pricedCost(spec, tokens, m.createdAt) : null;
  return {
    ...tokens,
    model: m.model ?? "unknown",
    totalTokens: m.inputTokens + outputTokens,
    costMicros: priced?.costMicros ?? 0,
    ...(priced ? { price: priced.price } : {}),
    estimated: true,
    latencyMs: Math.max(0, now - m.createdAt.getTime()),
    outcome: "aborted",
    conversationId: m.conversationId,
    messageId: m.id,
    purpose: "chat",
  };
}

/**
 * Settles the holds of answers whose lease lapsed and marks them interrupted (in
 * the database only if still streaming and still lapsed, so a turn that just
 * finished keeps its answer), returning the list as it now reads.
 */
export async function settleInterrupted<M extends DeadAnswer>(messages: M[], now = Date.now()): Promise<M[]> {
  // A served answer waiting in the outbox is not dead: its own usage is applied from there.
  const lapsedOnes = messages.filter((m) => lapsed(m, now));
  if (lapsedOnes.length === 0) return messages;
  const kept = await keptAnswers();
  const stale = lapsedOnes.filter((m) => !kept.has(m.id));
  if (stale.length === 0) return messages;
  // Metering first: a hold is settled at most once, so a crash between the two only repeats this.
  for (const m of stale) {
    if (m.holdId) await getSpendGuard().afterCall({ id: m.holdId }, await estimate(m, now));
  }
  const rows = await query<{ id: string }>(
    markInterrupted(
      stale.map((m) => m.id),
      INTERRUPTED_DETAIL,
      STREAM_LEASE_MS,
      new Date(now),
    ),
  );
  const marked = new Set(rows.map((r) => r.id));
  return messages.map((m) =>
    marked.has(m.id) ? { ...m, status: "error" as const, statusDetail: INTERRUPTED_DETAIL } : m,
  );
}

const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 100;

/** Every lapsed answer, whoever's: settled and marked. Returns how many. */
export async function sweepDeadTurns(now = Date.now()): Promise<number> {
  const rows = await query<DeadAnswer>(lapsedAnswers(new Date(now), SWEEP_BATCH));
  await settleInterrupted(rows, now);
  return rows.length;
}

let sweeping: NodeJS.Timeout | null = null;

/** Starts the sweep in this server (once). */
export function startDeadTurnSweep(): void {
  if (sweeping) return;
  sweeping = setInterval(() => {
    sweepDeadTurns().catch((err: unknown) => {
      // An outage is answered and logged by the routes; anything else is worth seeing.
      if (!isDatabaseUnavailable(err)) logger.error({ err }, "sweeping interrupted answers failed");
    });
  }, SWEEP_EVERY_MS);
  sweeping.unref();
}
