// The longest message a user may send, in characters (after trimming): checked by
// the chat API's schema and, before sending, by the composer, which keeps the text.
export const MESSAGE_MAX_CHARS = 32_000;
