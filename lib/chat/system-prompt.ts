// The system prompt of every chat, in one place. Short on purpose: it is sent
// (and billed) with every message.
import type { Content } from "@/lib/ai/stream-model";

export const SYSTEM_PROMPT = [
  "You are Gemini Chat, a helpful, accurate assistant.",
  "Answer concisely in GitHub-flavoured markdown; use code blocks with a language tag for code and tables for comparisons.",
  "If you are not sure, say so instead of guessing.",
].join(" ");

export interface CustomInstructions {
  aboutMe: string;
  answerStyle: string;
}

/**
 * The system prompt with the user's custom instructions after it: the same for
 * every message of a user, so the API's implicit cache still matches it.
 */
export function systemPromptFor(instructions: CustomInstructions | null): string {
  const about = instructions?.aboutMe.trim();
  const style = instructions?.answerStyle.trim();
  return [
    SYSTEM_PROMPT,
    ...(about ? [`What the user wants you to know about them:\n${about}`] : []),
    ...(style ? [`How the user wants you to answer:\n${style}`] : []),
  ].join("\n\n");
}

/**
 * The rolling summary of older turns, as the first message of the contents. It is
 * not part of the system instruction, so the start of every request (the system
 * prompt) never changes and the API's implicit cache keeps matching it.
 */
export function summaryContents(summary: string | null): Content[] {
  if (!summary) return [];
  return [{ role: "user", parts: [{ text: `Summary of the earlier part of this conversation:\n${summary}` }] }];
}

export const SUMMARY_PROMPT =
  "Summarise the conversation below for your own later reference in at most 12 short bullet points: " +
  "facts, decisions, names, numbers and open questions. Keep the previous summary's points that still matter.";

export const TITLE_PROMPT =
  "Write a title for the conversation below: at most six words, in the language of the user's message. " +
  "Answer with the title alone, without quotes, markdown or a final full stop.";
