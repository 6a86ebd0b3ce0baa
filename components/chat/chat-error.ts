// A refused message as the chat shows it: the server's typed error read into
// what the notice beside the composer needs (a wait to count down, a reset time
// to show in the reader's own time zone, whether a new chat would help).
export interface ChatError {
  message: string;
  code: string | null;
  /** Epoch ms when sending is allowed again (rate limits). */
  retryAt: number | null;
  /** ISO instant the budget resets (budget refusals). */
  resetAt: string | null;
  /** "conversation_too_long": a new chat fits what is left; "allowance_used": nothing fits. */
  reason: string | null;
  /** Which budget refused: "day", "month" or "cost". */
  limit: string | null;
  /** Where more allowance comes from (sign up, upgrade), if anywhere. */
  upgradeHref: string | null;
  upgradeAction: "sign_up" | "upgrade" | null;
}

interface ErrorFields {
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  resetAt?: string;
  reason?: string;
  limit?: string;
  upgrade?: { action?: "sign_up" | "upgrade" | null; href?: string | null };
}

export function plainError(message: string): ChatError {
  return {
    message,
    code: null,
    retryAt: null,
    resetAt: null,
    reason: null,
    limit: null,
    upgradeHref: null,
    upgradeAction: null,
  };
}

export async function chatErrorFrom(res: Response, now = Date.now()): Promise<ChatError> {
  let fields: ErrorFields = {};
  try {
    fields = ((await res.json()) as { error?: ErrorFields }).error ?? {};
  } catch (err) {
    console.warn("error body was not JSON", err);
  }
  const retryHeader = Number(res.headers.get("retry-after"));
  const retryAfter = fields.retryAfterSeconds ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null);
  return {
    message: fields.message ?? `The server answered ${res.status}. Please try again.`,
    code: fields.code ?? null,
    retryAt: res.status === 429 && retryAfter != null ? now + retryAfter * 1000 : null,
    resetAt: fields.resetAt ?? null,
    reason: fields.reason ?? null,
    limit: fields.limit ?? null,
    upgradeHref: fields.upgrade?.href ?? null,
    upgradeAction: fields.upgrade?.action ?? null,
  };
}

/** A reset instant in the reader's time zone, the way the usage meter shows it. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
