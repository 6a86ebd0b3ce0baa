// The statement that ends a turn: the last call's settlement (lib/budget's WITH
// queries) and the answer's final state (chat's UPDATE), composed here in one
// statement, so one round trip and one transaction: both take effect or neither.
import { query, sql } from "@/lib/db/sql";
import { getSpendGuard, type CallUsage, type SpendHold } from "./spend-guard";
import { answerUpdate, type AnswerFields } from "./statements";

/** answerUpdate()'s rows (none: the conversation was deleted during the turn), once the call is settled. */
export async function settleWithAnswer(
  hold: SpendHold,
  usage: CallUsage,
  answerId: string,
  answer: AnswerFields,
): Promise<Record<string, unknown>[]> {
  const settlement = getSpendGuard().settlement(hold, usage);
  // LEFT JOIN: one row even when the answer's UPDATE matched nothing; the two
  // columns added here are not among the messages columns the UPDATE returns.
  const rows = await query<{ turn_settled: string; turn_answer_row: boolean | null } & Record<string, unknown>>(sql`
    WITH ${settlement.ctes}, answer AS (${answerUpdate(answerId, answer)})
    SELECT a.*, s.claimed AS turn_settled FROM settled s
      LEFT JOIN (SELECT true AS turn_answer_row, * FROM answer) a ON true`);
  settlement.claimed(rows[0]?.turn_settled);
  return rows
    .filter((r) => r.turn_answer_row === true)
    .map(({ turn_settled: _s, turn_answer_row: _a, ...rest }) => rest);
}
