// POST /api/chat - sends a message (or retries a failed answer) and streams the answer as SSE
import { requestIp } from "@/lib/auth/request-ip";
import { withBudgetState } from "@/lib/budget/prefetch";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { streamTurn } from "@/lib/chat/stream-response";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/limits";
import { rememberedRoute } from "@/lib/http/remembered-route";
import { chatBody } from "./schema";

export const dynamic = "force-dynamic";

// A caller's next turn starts on who they were last time: the admission statement proves it.
export const POST = rememberedRoute(
  {
    surface: "chat",
    access: "identified",
    credentials: { apiKey: "chat" },
    // The router needs the caller's budget state first thing: read it with the identity.
    identityExtra: withBudgetState,
    body: chatBody,
    maxBodyBytes: MESSAGE_MAX_CHARS * 4 + 1_000,
  },
  async ({ req, body, identity, extra, provisional, log }) => {
    const turn = await prepareTurn({
      identity,
      ip: requestIp(req),
      conversationId: body.conversationId,
      message: body.message,
      retryOf: body.retryOf,
      requested: body.model,
      search: body.search,
      attachments: body.attachments,
      budget: extra,
      provisional,
      log,
    });
    return { confirmed: turn.confirmed, answer: () => streamTurn(turn, req.signal) };
  },
);
