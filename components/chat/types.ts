// What the chat UI holds per message and conversation (JSON from the API).
import type { ConversationSummary, MessageView } from "@/lib/chat/conversations";

export type { ConversationSummary, MessageView };

export type ModelChoice = "auto" | "fast" | "strong";
