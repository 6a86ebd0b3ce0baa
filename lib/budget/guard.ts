// The contract every model call keeps with budgets: ask before the call (a hold
// for its worst case, or a refusal), report its usage after (the settlement).
// The budget engine (spend-guard.ts) implements it; chat reaches it through
// lib/chat/spend-guard.ts.
import type { AppliedPrice } from "@/lib/ai/cost";
import type { Identity } from "@/lib/auth/identity";
import type { ProvisionalIdentity } from "@/lib/auth/identity-hints";
import type { Sql } from "@/lib/db/sql";
import type { BudgetAccount, BudgetState } from "./account";

/** A call's tokens and cost as metered (what the client is shown, and the ledger records). */
export interface TurnUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  totalTokens: number;
  costMicros: number;
  estimated: boolean;
  /** Google Search queries executed (grounding), each in costMicros at its price; 0 when unset. */
  searchQueries?: number;
  /** Of inputTokens: the images' and the documents' (PDF pages) tokens, as the API reported them. */
  imageTokens?: number;
  documentTokens?: number;
}

export interface SpendHold {
  id: string | null;
}

/** What beforeCall() admitted: the hold, and whether it proved a remembered identity (`provisional`). */
export interface Admission {
  hold: SpendHold;
  /** True only when the input was provisional and the admission's statement proved it. */
  confirmed: boolean;
}

/** The budget read spendable() answered from, handed back to beforeCall() to save reading again. */
export interface BudgetRead {
  readonly account: BudgetAccount;
  /** When it was read (ms since epoch): an old one is read again. */
  readonly at: number;
}

/** One model call's usage as the ledger records it: the turn's token counts plus where and how. */
export interface CallUsage extends TurnUsage {
  model: string;
  /** The price costMicros was computed with; recorded on the ledger row. */
  price?: AppliedPrice;
  latencyMs: number;
  outcome: "ok" | "error" | "aborted" | "blocked";
  conversationId: string | null;
  messageId: string | null;
  purpose: "chat" | "summary" | "title";
  /** Attempts the call took (retries + 1); 1 when unset. */
  attempts?: number;
  /** The last HTTP error status from the model API (429, 5xx, ...), null if none. */
  upstreamStatus?: number | null;
}

export interface BeforeCallInput {
  identity: Identity;
  ip: string | null;
  conversationId: string;
  model: string;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  worstCaseCostMicros: number;
  /**
   * False for a call made on behalf of a request already counted (a history
   * summary, a fallback model): it is metered and budgeted, but the user's
   * requests-per-minute counts what they sent, not how many calls it took.
   */
  countsAsRequest?: boolean;
  /** The read spendable() answered from for this call's routing (only a hint: budget_reserve() decides). */
  read?: BudgetRead;
  /**
   * `identity` is a remembered one: the guard admits the call only in a statement
   * that proves it (then answering `confirmed`), and only if the budget read there
   * `stillRoutes` the call; otherwise it takes nothing and throws
   * UnconfirmedIdentity, and the request is run again the usual way.
   */
  provisional?: ProvisionalIdentity;
  /** With `provisional`: whether the call is still routed this way on a fresh budget read. */
  stillRoutes?(fresh: Spendable): boolean;
}

/** See SpendGuard.settlement(). */
export interface Settlement {
  ctes: Sql;
  claimed(value: unknown): boolean;
}

/** What a caller can still spend, in the router's units (null = unlimited). */
export interface Spendable {
  tokens: number | null;
  costMicros: number | null;
}

export interface SpendGuard {
  /** Throws AppError (rate_limit:chat 429 / budget_exceeded:chat 402) if the call may not proceed; returns a hold to settle. */
  beforeCall(input: BeforeCallInput): Promise<Admission>;
  /** Always called once per beforeCall (or settlement() instead), with actual or estimated usage. */
  afterCall(hold: SpendHold, usage: CallUsage): Promise<void>;
  /**
   * afterCall() as part of a statement of the caller's own, so that it commits
   * only with the caller's writes (lib/chat/settle-with-answer.ts): the
   * settlement's WITH queries, ending in `settled(claimed)`, and the reader of
   * that column (false: already settled or unknown, nothing charged twice).
   */
  settlement(hold: SpendHold, usage: CallUsage): Settlement;
  /**
   * Router hook: what the caller can still spend (null = unlimited), from `known`
   * if the route read it with the identity, else from a read of its own; `read`
   * goes on to beforeCall().
   */
  spendable(identity: Identity, known?: BudgetState): Promise<{ left: Spendable; read: BudgetRead }>;
}
