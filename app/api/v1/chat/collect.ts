// Non-streaming mode of the programmatic API: reads the same SSE turn the UI gets
// and folds it into one JSON object, or the turn's typed error.
import { parseEvents } from "@/lib/chat/events";
import { AppError, STATUS, type ErrorCode, type ErrorType } from "@/lib/http/app-error";

export async function collectTurn(sse: Response): Promise<Response> {
  const text = await sse.text();
  const { events } = parseEvents(text.endsWith("\n\n") ? text : `${text}\n\n`);
  const meta = events.find((e) => e.type === "meta");
  const done = events.find((e) => e.type === "done");
  const failed = events.find((e) => e.type === "error");
  if (failed && failed.type === "error") {
    const type = failed.code.split(":")[0] as ErrorType;
    const code = (type in STATUS ? failed.code : "internal:chat") as ErrorCode;
    return new AppError(code, failed.message).toResponse();
  }
  if (!meta || meta.type !== "meta" || !done || done.type !== "done") {
    return new AppError("internal:chat", "The answer ended unexpectedly. Please try again.").toResponse();
  }
  const lastModel = events.filter((e) => e.type === "model").at(-1);
  const title = events.find((e) => e.type === "title");
  return Response.json({
    conversationId: meta.conversationId,
    messageId: meta.messageId,
    model: lastModel?.type === "model" ? lastModel.model : meta.model,
    routingReason: lastModel?.type === "model" ? lastModel.routingReason : meta.routingReason,
    status: done.status,
    statusDetail: done.statusDetail,
    text: done.message.content,
    usage: done.usage,
    // A new conversation's written title (null when none was written: an existing conversation, or titles off).
    title: title?.type === "title" ? title.title : null,
  });
}
