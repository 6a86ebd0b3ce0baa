// What the chat pages need from the server, for the identity of the request.
import type { Identity } from "@/lib/auth/identity";
import { AppError } from "@/lib/http/app-error";
import { usingEmulator } from "@/lib/ai/gemini-client";
import { effectivePreferences, type Preferences } from "@/lib/account/preferences";
import { tierLimits } from "@/lib/budget/tiers";
import { getDb } from "@/lib/db/client";
import { getOwnedConversation, listConversations, listMessageViews, type MessageView } from "./conversations";

/** Null when the conversation is missing or not the caller's (the page answers 404 either way). */
export async function chatPageData(identity: Identity | null, conversationId: string | null) {
  let messages: MessageView[] = [];
  if (conversationId) {
    if (!identity) return null;
    try {
      const convo = await getOwnedConversation(identity.userId, conversationId);
      messages = await listMessageViews(convo.id);
    } catch (err) {
      if (err instanceof AppError && err.type === "not_found") return null;
      throw err;
    }
  }
  const [conversations, defaultModel] = identity
    ? await Promise.all([listConversations(identity.userId), defaultModelOf(identity)])
    : [[], "auto" as const];
  return {
    conversations,
    defaultModel,
    messages,
    emulator: usingEmulator(),
    allowStrong: tierLimits(identity?.tier ?? "guest").models.includes("strong"),
    allowSearch: tierLimits(identity?.tier ?? "guest").search !== null,
  };
}

/** The account's default model, or Auto when the plan no longer includes it (after a downgrade). */
async function defaultModelOf(identity: Identity): Promise<Preferences["defaultModel"]> {
  const row = await getDb().user.findUnique({ where: { id: identity.userId }, select: { preferences: true } });
  return effectivePreferences(row?.preferences, identity.tier).defaultModel;
}
