"use client";
// Client side of POST /api/chat: sends, reads the SSE stream into the message
// list as it arrives, stops on request, and turns HTTP errors into readable text.
import { useCallback, useRef, useState } from "react";
import { parseEvents } from "@/lib/chat/events";
import { chatErrorFrom, type ChatError } from "./chat-error";
import type { AttachmentView } from "@/lib/files/attachments";
import type { MessageView, ModelChoice } from "./types";

function draft(id: string, role: MessageView["role"], content: string, status: MessageView["status"]): MessageView {
  return {
    id,
    role,
    content,
    thinking: null,
    grounding: null,
    attachments: [],
    status,
    statusDetail: null,
    model: null,
    routingReason: null,
    inputTokens: 0,
    outputTokens: 0,
    thinkingTokens: 0,
    costMicros: 0,
    usageEstimated: false,
    createdAt: new Date().toISOString(),
  };
}

export function useChat(opts: {
  conversationId: string | null;
  initialMessages: MessageView[];
  onConversation: (id: string, firstMessage: string | null) => void;
  /** A new conversation's written title, which may come a moment after the answer. */
  onTitle: (id: string, title: string) => void;
}) {
  const [messages, setMessages] = useState<MessageView[]>(opts.initialMessages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ChatError | null>(null);
  const convoRef = useRef<string | null>(opts.conversationId);
  const abortRef = useRef<AbortController | null>(null);

  const update = (id: string, patch: (m: MessageView) => MessageView) =>
    setMessages((list) => list.map((m) => (m.id === id ? patch(m) : m)));

  const run = useCallback(
    async ({
      files = [],
      ...body
    }: {
      message?: string;
      retryOf?: string;
      model: ModelChoice;
      search?: boolean;
      files?: AttachmentView[];
    }) => {
      setError(null);
      setBusy(true);
      const abort = new AbortController();
      abortRef.current = abort;
      const tempUser = `tmp-user-${Date.now()}`;
      const tempAnswer = `tmp-answer-${Date.now()}`;
      setMessages((list) => [
        ...(body.retryOf ? list.filter((m) => m.id !== body.retryOf) : list),
        ...(body.message ? [{ ...draft(tempUser, "user", body.message, "complete"), attachments: files }] : []),
        draft(tempAnswer, "model", "", "streaming"),
      ]);
      let answerId = tempAnswer;
      // After `done` the answer is final and the composer free; the stream may still bring the title.
      let finished = false;
      const finish = () => {
        finished = true;
        if (abortRef.current === abort) abortRef.current = null;
        setBusy(false);
      };
      try {
        const res = await fetch("/api/chat", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            ...body,
            ...(files.length ? { attachments: files.map((f) => f.id) } : {}),
            conversationId: convoRef.current ?? undefined,
          }),
          signal: abort.signal,
        });
        if (!res.ok || !res.body) {
          const refusal = await chatErrorFrom(res);
          setMessages((list) => list.filter((m) => m.id !== tempAnswer && m.id !== tempUser));
          setError(refusal);
          return { failedMessage: body.message ?? null };
        }
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const parsed = parseEvents(buffer);
          buffer = parsed.rest;
          for (const e of parsed.events) {
            if (e.type === "meta") {
              const realId = e.messageId;
              setMessages((list) =>
                list.map((m) =>
                  m.id === tempAnswer
                    ? { ...m, id: realId, model: e.model, routingReason: e.routingReason }
                    : m.id === tempUser
                      ? { ...m, id: e.userMessageId }
                      : m,
                ),
              );
              answerId = realId;
              if (convoRef.current !== e.conversationId) {
                convoRef.current = e.conversationId;
                opts.onConversation(e.conversationId, body.message ?? null);
              }
            } else if (e.type === "model") {
              update(answerId, (m) => ({ ...m, model: e.model, routingReason: e.routingReason }));
            } else if (e.type === "restart") {
              update(answerId, (m) => ({ ...m, content: "", thinking: null }));
            } else if (e.type === "thinking") {
              update(answerId, (m) => ({ ...m, thinking: (m.thinking ?? "") + e.text }));
            } else if (e.type === "delta") {
              update(answerId, (m) => ({ ...m, content: m.content + e.text }));
            } else if (e.type === "done") {
              update(answerId, () => e.message);
              finish();
            } else if (e.type === "title") {
              opts.onTitle(e.conversationId, e.title);
            } else if (e.type === "error") {
              update(answerId, (m) => ({ ...m, status: "error", statusDetail: e.message }));
            }
          }
        }
      } catch (err) {
        // A title that did not arrive changes nothing: the first-line title stays.
        if (finished) return { failedMessage: null };
        const stopped = abort.signal.aborted;
        if (!stopped) console.warn("chat stream failed", err);
        // The server stores the stopped or broken answer as partial; mirror that here.
        update(answerId, (m) => ({
          ...m,
          status: "partial",
          statusDetail: stopped
            ? "Stopped before the answer was finished."
            : "The connection broke. Retry to try again.",
        }));
      } finally {
        if (!finished) finish();
      }
      return { failedMessage: null };
    },
    [opts],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  return { messages, busy, error, setError, run, stop };
}
