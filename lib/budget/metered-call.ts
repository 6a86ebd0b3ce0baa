// The one sequence every model call keeps with budgets: take the hold, run the
// call, settle. The settlement always runs once the hold is taken, whether the
// call answered, failed or threw, so a hold is never left to expire unsettled
// while its call was served. A refused hold throws before anything is called.
import type { SpendHold } from "./guard";

export interface Metered<R, S> {
  /**
   * The call's hold: one taken here (`take`), or one already taken with the
   * request's other checks (a turn's first call, admitted with its proof).
   */
  hold: SpendHold | { take(): Promise<SpendHold> };
  call(hold: SpendHold): Promise<R>;
  /**
   * Settles the hold with the call's usage; `result` is undefined when the call
   * threw (then the estimate is charged and the error goes on to the caller).
   * What it returns is the caller's (the stored answer, whether to go on).
   */
  settle(hold: SpendHold, result: R | undefined): Promise<S>;
}

export async function meteredCall<R, S>(m: Metered<R, S>): Promise<{ hold: SpendHold; result: R; settled: S }> {
  const hold = "take" in m.hold ? await m.hold.take() : m.hold;
  let result: R;
  try {
    result = await m.call(hold);
  } catch (err) {
    await m.settle(hold, undefined);
    throw err;
  }
  return { hold, result, settled: await m.settle(hold, result) };
}
