// A new conversation's title, written by the lite model once its first answer is
// done (the title from the first line, stored with the message, stands until
// then and whenever this fails). Metered like every call; a plan that cannot
// afford it, a failed call or a busy database leave the first-line title. It
// never replaces a title the user chose meanwhile.
import { modelFor } from "@/lib/ai/models";
import { SUMMARY_THINKING } from "@/lib/budget/tiers";
import { isDatabaseUnavailable } from "@/lib/db/outage";
import { query } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { meteredOneShot } from "./one-shot";
import { writtenTitle } from "./statements";
import type { PreparedTurn } from "./prepare-turn";
import { TITLE_PROMPT } from "./system-prompt";
import { titleFrom } from "./title";

// Enough for a short title after the little thinking the lite model does at its lowest level.
const TITLE_MAX_OUTPUT = 100;
const QUESTION_CHARS = 2_000;
const ANSWER_CHARS = 1_000;

/** The model's answer as a sidebar title: one line, no quotes, markup or final full stop; null if nothing is left. */
export function cleanTitle(text: string): string | null {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const bare = line
    .replace(/^\s*(#+|title\s*:)\s*/i, "")
    .replace(/[*_`]+/g, "")
    .trim()
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, "")
    .replace(/[.。]+$/, "")
    .trim();
  return bare === "" ? null : titleFrom(bare);
}

/** Writes the title of the turn's new conversation; returns it if stored, else null. */
export async function writeTitle(turn: PreparedTurn, question: string, answer: string): Promise<string | null> {
  const firstLine = turn.opening.newTitle;
  if (firstLine === null) return null;
  let stored: string | null = null;
  try {
    await meteredOneShot(
      {
        identity: turn.identity,
        ip: turn.ip,
        conversationId: turn.conversationId,
        model: modelFor("lite"),
        system: TITLE_PROMPT,
        text: `User: ${question.slice(0, QUESTION_CHARS)}\n\nAssistant: ${answer.slice(0, ANSWER_CHARS)}`,
        maxOutputTokens: TITLE_MAX_OUTPUT,
        thinking: SUMMARY_THINKING,
        purpose: "title",
        log: turn.log,
      },
      async (text) => {
        const title = cleanTitle(text);
        if (title === null) return false;
        // Only over the first-line title: a rename in the meantime wins.
        const rows = await query(writtenTitle(turn.conversationId, title, firstLine));
        if (rows.length > 0) stored = title;
        return true;
      },
    );
  } catch (err) {
    // The plan cannot afford it, or the database is away: the first-line title stays.
    if (!(err instanceof AppError) && !isDatabaseUnavailable(err)) throw err;
    turn.log.info(
      { code: err instanceof AppError ? err.code : "unavailable", conversationId: turn.conversationId },
      "no written title",
    );
  }
  return stored;
}
