// Folds turns that fell out of the history window into the conversation's stored
// summary, using the lite model. Goes through the spend guard like every call.
import type { Logger } from "pino";
import type { Identity } from "@/lib/auth/identity";
import { modelFor } from "@/lib/ai/models";
import { SUMMARY_THINKING } from "@/lib/budget/tiers";
import { getDb } from "@/lib/db/client";
import type { Message } from "@/lib/db/generated/client";
import { meteredOneShot } from "./one-shot";
import { SUMMARY_PROMPT } from "./system-prompt";

const SUMMARY_MAX_OUTPUT = 600;

export interface SummaryInput {
  identity: Identity;
  ip: string | null;
  conversationId: string;
  previous: string | null;
  /** The messages to fold in, oldest first. */
  messages: Pick<Message, "role" | "content">[];
  /** summarizedCount to store once the summary is saved. */
  upTo: number;
  log: Logger;
}

function transcript(previous: string | null, messages: SummaryInput["messages"]): string {
  const lines = messages.map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.content}`);
  return [previous ? `Previous summary:\n${previous}\n` : "", "Conversation:", ...lines].join("\n");
}

/** Returns the new summary, or the previous one if the summary call failed (the chat goes on without it). */
export async function refreshSummary(input: SummaryInput): Promise<string | null> {
  // A missing summary only shortens the context; the answer itself must still go out.
  // A refused hold is the turn's refusal (thrown); a failed call or save is not.
  const result = await meteredOneShot(
    {
      identity: input.identity,
      ip: input.ip,
      conversationId: input.conversationId,
      model: modelFor("lite"),
      system: SUMMARY_PROMPT,
      text: transcript(input.previous, input.messages),
      maxOutputTokens: SUMMARY_MAX_OUTPUT,
      thinking: SUMMARY_THINKING,
      purpose: "summary",
      log: input.log,
    },
    async (summary) => {
      await getDb().conversation.update({
        where: { id: input.conversationId },
        data: { summary, summarizedCount: input.upTo },
      });
      return true;
    },
  );
  if (result.accepted) return result.text;
  input.log.warn({ err: result.failure, conversationId: input.conversationId }, "conversation summary failed");
  return input.previous;
}
