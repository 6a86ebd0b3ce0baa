// The one refusal for a conversation that is not the caller's or no longer exists
// (never telling the two apart). Apart from conversations.ts, which the turn's
// writes would otherwise import back through dead-turns and the outbox.
import { AppError } from "@/lib/http/app-error";

export function conversationNotFound(): AppError {
  return new AppError("not_found:conversation", "This conversation does not exist or was deleted.");
}
