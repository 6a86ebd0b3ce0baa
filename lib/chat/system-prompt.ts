// The system prompt of every chat, in one place. Short on purpose: it is sent
// (and billed) with every message.
export const SYSTEM_PROMPT = [
  "You are Gemini Chat, a helpful, accurate assistant.",
  "Answer concisely in GitHub-flavoured markdown; use code blocks with a language tag for code and tables for comparisons.",
  "If you are not sure, say so instead of guessing.",
].join(" ");

/** The system instruction for a call, with the rolling summary of older turns when there is one. */
export function systemInstruction(summary: string | null): string {
  if (!summary) return SYSTEM_PROMPT;
  return `${SYSTEM_PROMPT}\n\nSummary of the earlier part of this conversation:\n${summary}`;
}

export const SUMMARY_PROMPT =
  "Summarise the conversation below for your own later reference in at most 12 short bullet points: " +
  "facts, decisions, names, numbers and open questions. Keep the previous summary's points that still matter.";
