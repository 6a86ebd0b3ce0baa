// POST /api/v1/chat - programmatic chat with an API key: same routing, budgets and persistence as the UI; SSE or one JSON object
import { z } from "zod";
import { requestIp } from "@/lib/auth/request-ip";
import { withBudgetState } from "@/lib/budget/prefetch";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/limits";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { streamTurn } from "@/lib/chat/stream-response";
import { route } from "@/lib/http/route";
import { chatBody } from "../../chat/schema";
import { collectTurn } from "./collect";

export const dynamic = "force-dynamic";

const body = z.intersection(chatBody, z.object({ stream: z.boolean().default(true) }));

export const POST = route(
  {
    surface: "api",
    access: "user",
    // Keys only: a browser has the UI's /api/chat.
    credentials: { apiKey: "chat", session: false, guest: false },
    identityExtra: withBudgetState,
    body,
    maxBodyBytes: MESSAGE_MAX_CHARS * 4 + 1_000,
  },
  async ({ req, body, identity, extra, log }) => {
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
      log,
    });
    const sse = await streamTurn(turn, req.signal);
    return body.stream ? sse : collectTurn(sse);
  },
);
