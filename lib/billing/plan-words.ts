// Plans in a chat user's terms: about how many messages a token allowance is,
// and what each model is for. One place, used by the landing and pricing pages.

/**
 * Tokens a typical exchange costs: a question, its answer and the recent history
 * sent with it (a few hundred words each way). An estimate, said as one.
 */
export const TOKENS_PER_MESSAGE = 2_000;

/** "about 25 messages", rounded to two significant figures; null for unlimited. */
export function messagesEstimate(tokens: number | null): string | null {
  if (tokens == null) return null;
  const n = tokens / TOKENS_PER_MESSAGE;
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  const rounded = Math.round(n / 10 ** digits) * 10 ** digits;
  return `about ${rounded.toLocaleString("en-US")} messages`;
}

export const MODEL_WORDS: Record<string, { name: string; what: string }> = {
  fast: { name: "Fast", what: "quick answers for everyday questions, writing and chat" },
  strong: {
    name: "Strong",
    what: "Gemini's most capable model, for hard problems: careful reasoning, code, long documents and analysis",
  },
  lite: { name: "Lite", what: "used behind the scenes to summarise long conversations" },
};
