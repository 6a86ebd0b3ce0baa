// What a model call's result means for the answer: the status and the line the
// user is shown under it, and the outcome the ledger records.
import type { ModelResult } from "@/lib/ai/stream-model";
import type { MessageView } from "./conversations";
import type { CallUsage } from "./spend-guard";

export const LEDGER_OUTCOME: Record<ModelResult["outcome"], CallUsage["outcome"]> = {
  ok: "ok",
  partial: "error",
  blocked: "blocked",
  aborted: "aborted",
  error: "error",
};

export function describe(
  result: ModelResult,
  maxOutputTokens: number,
  capped: boolean,
): Pick<MessageView, "status" | "statusDetail"> {
  switch (result.outcome) {
    case "ok":
      // Thinking counts against the same cap: it can use all of it before any answer.
      if (result.finishReason === "MAX_TOKENS" && !result.text)
        return {
          status: "error",
          statusDetail:
            `The model used this plan's whole output allowance of ${maxOutputTokens} tokens on thinking and wrote no answer ` +
            `(${result.usage.thinkingTokens} thinking tokens were charged). Try a shorter or more specific question.`,
        };
      if (result.finishReason === "MAX_TOKENS")
        return {
          status: "partial",
          statusDetail: capped
            ? `The answer reached the end of your remaining allowance (${maxOutputTokens} tokens).`
            : `The answer reached your plan's limit of ${maxOutputTokens} tokens.`,
        };
      return { status: "complete", statusDetail: null };
    case "blocked":
      return {
        status: "blocked",
        statusDetail: `Gemini declined this message for safety reasons (${result.blockReason}). Try rephrasing it.`,
      };
    case "aborted":
      return {
        status: "partial",
        statusDetail: result.text ? "Stopped before the answer was finished." : "Stopped before the answer began.",
      };
    case "partial":
      return {
        status: "partial",
        statusDetail: `${result.failure?.userMessage ?? "The answer broke off."} This is the part that arrived.`,
      };
    case "error":
      return { status: "error", statusDetail: result.failure?.userMessage ?? "The model call failed." };
  }
}
