/** Each custom instruction's limit: sent (and billed) with every message. Apart so the account form can read it. */
export const INSTRUCTIONS_MAX_CHARS = 1_500;
