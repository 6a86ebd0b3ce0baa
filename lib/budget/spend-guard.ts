// The budgets engine behind the chat's SpendGuard seam. Before a model call: the
// operator's daily cap (503) -> budget hold for the worst case (402) -> request
// rate per user/IP (429) -> global model capacity (503, lib/ratelimit/model-lease.ts);
// a refused call gets its hold released at once. After the call: settle to the
// actual usage.
//
// Slack bound (how far recorded spend can exceed a budget): a hold covers
//   ceil(estimatedInput × 1.1) + 16 + maxOutputTokens   tokens, and
//   ceil(worstCaseCost × 1.1)                           micro-dollars.
// Output (thinking included) is capped by maxOutputTokens at the provider, so a
// call can only overrun its hold by input tokens the estimate missed beyond that
// 10% + 16 margin. Overspend is therefore at most the sum of those misses over
// the calls in flight together (and, per window, for calls reserved just before a
// reset). Once a settled call overruns, the next reservation is refused.
import type { Identity } from "@/lib/auth/identity";
import { UnconfirmedIdentity } from "@/lib/auth/identity-hints";
import type { Admission, BeforeCallInput, BudgetRead, CallUsage, Spendable, SpendGuard, SpendHold } from "./guard";
import { env } from "@/lib/config/env";
import { modelLeases as defaultModelLeases, type ModelGrant, type ModelLeases } from "@/lib/ratelimit/model-lease";
import { acquireModelCapacity } from "@/lib/ratelimit/model-limits";
import { enforceRequestRate, MINUTE, requestRateChecks } from "@/lib/ratelimit/request-limits";
import { tryConsumeAll } from "@/lib/ratelimit/sliding-window";
import { readBudgetState, type BudgetAccount, type BudgetState, type SpendSnapshot } from "./account";
import { admitFast, type AdmitInput } from "./admit";
import { operatorCap as defaultOperatorCap, type CapGrant, type OperatorCap } from "./operator-cap";
import { systemClock, type Clock } from "./clock";
import { release, reserve } from "./reserve";
import { settle, wasClaimed } from "./settle";
import { settlementCtes } from "./statements";
import { logModelCall } from "@/lib/log/model-call";
import { remaining } from "./snapshot";

import { INPUT_MARGIN_RATIO, INPUT_MARGIN_TOKENS, worstCaseCost, worstCaseTokens } from "./hold-size";

export { INPUT_MARGIN_RATIO, INPUT_MARGIN_TOKENS, worstCaseCost, worstCaseTokens };

/**
 * spendable() answers in the caller's own units (estimate + max output, raw cost):
 * since worstCaseTokens(i, o) <= 1.1 × (i + o) + 17, a router that keeps i + o
 * within this figure never picks a model whose hold would then be refused.
 */
function beforeMargin(left: number | null, constant: number): number | null {
  return left == null ? null : Math.max(0, Math.floor((left - constant) / INPUT_MARGIN_RATIO));
}

function spendableFrom(account: BudgetAccount, snapshot: SpendSnapshot): Spendable {
  const left = remaining(account.limits, snapshot);
  return {
    tokens: beforeMargin(left.tokens, INPUT_MARGIN_TOKENS + 1),
    costMicros: beforeMargin(left.costMicros, 1),
  };
}

/**
 * A call on a remembered identity: admitted in the one statement that proves the
 * identity, or not at all (UnconfirmedIdentity, nothing taken). Any refusal is
 * left to the usual run that follows, which reads everything afresh.
 */
async function admitProvisional(
  input: BeforeCallInput,
  admit: Omit<AdmitInput, "account" | "proof">,
  account?: BudgetAccount,
) {
  const provisional = input.provisional!;
  if (!account) throw new UnconfirmedIdentity("no budget read to admit on");
  const admitted = await admitFast({ ...admit, account, proof: provisional.proof });
  if (!admitted) throw new UnconfirmedIdentity("not proved, or not admitted at once");
  let keep = false;
  try {
    keep = !input.stillRoutes || input.stillRoutes(spendableFrom(account, admitted.snapshot));
  } finally {
    // Given back whole before the usual run takes its own (if this throws, the wrapper logs it).
    if (!keep) await admitted.undo(admit.now);
  }
  if (!keep) throw new UnconfirmedIdentity("routed differently on the fresh budget");
  return { hold: { id: admitted.id }, confirmed: true };
}

export interface BudgetGuardOptions {
  clock?: Clock;
  reservationTtlMs?: number;
  /** Skip the per-user/IP request limiter (e.g. summary calls ride on a chat turn). */
  requestRate?: boolean;
  /** Skip the global model limiter (tests of budgets alone). */
  modelCapacity?: boolean;
  /** The operator's daily cost cap (lib/budget/operator-cap.ts); one per process by default. */
  operatorCap?: OperatorCap;
  /** This instance's leases of the global model limiter (lib/ratelimit/model-lease.ts); one per process by default. */
  modelLeases?: ModelLeases;
}

// The read spendable() answered from is handed to the reservation that follows
// it in the same turn, to save a round trip. It is only a hint: budget_reserve()
// refuses a stale one and reserve() reads again; an old one is not even tried.
const READ_HINT_MS = 5_000;

function hintFrom(read: BudgetRead | undefined): BudgetAccount | undefined {
  return read && Date.now() - read.at < READ_HINT_MS ? read.account : undefined;
}

export function createBudgetSpendGuard(opts: BudgetGuardOptions = {}): SpendGuard {
  const clock = opts.clock ?? systemClock;
  const cap = opts.operatorCap ?? defaultOperatorCap;
  const leases = opts.modelLeases ?? defaultModelLeases;
  // Each admitted call's share of the operator's cap and of the model limiter, until its settlement gives back the rest.
  const grants = new Map<string, { cap: CapGrant | null; model: ModelGrant | null }>();
  // The user's budget and rate: one round trip as a rule (admitFast).
  async function admitUser(input: BeforeCallInput, tokens: number): Promise<Admission> {
    const costMicros = worstCaseCost(input.worstCaseCostMicros);
    const ttlMs = opts.reservationTtlMs ?? env().BUDGET_RESERVATION_TTL_MS;
    const requestRate = opts.requestRate !== false && input.countsAsRequest !== false;
    const checks = requestRate ? requestRateChecks({ identity: input.identity, ip: input.ip }) : [];
    const account = hintFrom(input.read);
    const userId = input.identity.userId;
    const fast = { userId, tokens, costMicros, now: clock(), ttlMs, checks, windowMs: MINUTE };
    if (input.provisional) return admitProvisional(input, fast, account);
    // The usual case, one round trip: every limit has room and the budget fits.
    if (account) {
      const admitted = await admitFast({ ...fast, account });
      if (admitted) return { hold: { id: admitted.id }, confirmed: false };
    }
    // The exact way. The budget is checked first: a user who is out of budget
    // learns that (402, with the reset time) rather than a 429 whose retry would
    // only fail again.
    const hold = await reserve({ userId, tokens, costMicros, now: clock(), ttlMs, account });
    try {
      // One by one when a limit is full: 429 with the exact Retry-After.
      if (!(await tryConsumeAll(checks, MINUTE, clock())))
        await enforceRequestRate({ identity: input.identity, ip: input.ip, now: clock() });
    } catch (err) {
      // afterCall never comes for a call that did not start: give the hold back now.
      await release(hold.id, clock());
      throw err;
    }
    return { hold: { id: hold.id }, confirmed: false };
  }

  // The model's global capacity, in memory against this instance's lease as a
  // rule; near the limit, the exact way with a bounded wait (503 after it).
  async function admitModel(model: string, tokens: number): Promise<ModelGrant | null> {
    if (opts.modelCapacity === false) return null;
    const grant = await leases.admit(model, tokens, clock());
    if (grant) return grant;
    await leases.returnAll(model);
    await acquireModelCapacity({ model, tokens, clock });
    return null;
  }

  // What settling a call does before its statement: logged first (the call happened
  // and cost money even if settling fails), and its share of the operator's cap
  // and of the model limiter given back but for what it used.
  function given(hold: SpendHold, usage: CallUsage): string {
    if (!hold.id) throw new Error("a settlement for a hold the budget guard did not issue");
    logModelCall(usage);
    const grant = grants.get(hold.id);
    grants.delete(hold.id);
    cap.settle(grant?.cap ?? null, usage.costMicros);
    leases.settle(grant?.model ?? null, usage.totalTokens);
    return hold.id;
  }

  return {
    async beforeCall(input: BeforeCallInput): Promise<Admission> {
      // The operator's cap first: in memory unless this instance must lease a block.
      const grant = await cap.admit(worstCaseCost(input.worstCaseCostMicros), clock());
      const tokens = worstCaseTokens(input.estimatedInputTokens, input.maxOutputTokens);
      let admission: Admission;
      try {
        admission = await admitUser(input, tokens);
      } catch (err) {
        cap.settle(grant, 0);
        throw err;
      }
      const { hold } = admission;
      try {
        const model = await admitModel(input.model, tokens);
        if (hold.id && (grant || model)) grants.set(hold.id, { cap: grant, model });
        return admission;
      } catch (err) {
        // afterCall never comes for a call that did not start: give the hold back now.
        cap.settle(grant, 0);
        if (hold.id) await release(hold.id, clock());
        throw err;
      }
    },

    async afterCall(hold: SpendHold, usage: CallUsage) {
      await settle(given(hold, usage), usage, clock());
    },

    settlement(hold: SpendHold, usage: CallUsage) {
      const id = given(hold, usage);
      return { ctes: settlementCtes(id, usage, clock()), claimed: (value: unknown) => wasClaimed(id, value) };
    },

    async spendable(identity: Identity, known?: BudgetState) {
      // Read with the identity when the route asked for it (and time is real time).
      const state = (clock === systemClock ? known : undefined) ?? (await readBudgetState(identity.userId, clock()));
      return { left: spendableFrom(state, state.snapshot), read: { account: state, at: Date.now() } };
    },
  };
}

export const budgetSpendGuard: SpendGuard = createBudgetSpendGuard();
