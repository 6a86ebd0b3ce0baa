import { z } from "zod";
import { REQUESTED_MODELS } from "@/lib/ai/catalog";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/limits";

export const chatBody = z
  .object({
    conversationId: z.string().min(1).max(64).optional(),
    message: z
      .string()
      .trim()
      .min(1, "Write a message first.")
      .max(MESSAGE_MAX_CHARS, `A message can be at most ${MESSAGE_MAX_CHARS.toLocaleString("en-US")} characters.`)
      .optional(),
    model: z.enum(REQUESTED_MODELS).default("auto"),
    retryOf: z.string().min(1).max(64).optional(),
    /** Let the model search the web (Grounding with Google Search), if the plan allows. */
    search: z.boolean().default(false),
    /** Uploaded files (POST /api/attachments) the message carries. */
    attachments: z.array(z.string().min(1).max(64)).max(50).default([]),
  })
  .refine((b) => Boolean(b.message) !== Boolean(b.retryOf), {
    message: "Send either a message or retryOf (the id of a failed answer).",
  })
  .refine((b) => !b.retryOf || b.conversationId, { message: "retryOf needs the conversationId." });
