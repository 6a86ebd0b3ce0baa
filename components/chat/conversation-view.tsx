"use client";
// One open conversation, filling the space under the header: the usage meter on
// top, the messages scrolling in between, and the composer fixed at the bottom
// with any refusal shown right above it.
import { useEffect, useMemo, useState } from "react";
import { UsageMeter } from "@/components/budget/usage-meter";
import { titleFrom } from "@/lib/chat/title";
import { plainError } from "./chat-error";
import { ChatNotice } from "./chat-notice";
import { Composer } from "./composer";
import { MessageItem } from "./message-item";
import type { MessageView, ModelChoice } from "./types";
import { useChat } from "./use-chat";
import { useStickToBottom } from "./use-stick-to-bottom";

export function ConversationView(props: {
  conversationId: string | null;
  initialMessages: MessageView[];
  emulator: boolean;
  allowStrong: boolean;
  allowSearch: boolean;
  defaultModel: ModelChoice;
  notice: string | null;
  onDismissNotice: () => void;
  onNewChat: () => void;
  onConversation: (id: string, title: string) => void;
  onTitle: (id: string, title: string) => void;
}) {
  const { onConversation, onTitle } = props;
  const [lastModel, setLastModel] = useState<ModelChoice>(props.defaultModel);
  const chatOpts = useMemo(
    () => ({
      conversationId: props.conversationId,
      initialMessages: props.initialMessages,
      onConversation: (id: string, first: string | null) => onConversation(id, first ? titleFrom(first) : "New chat"),
      onTitle,
    }),
    [props.conversationId, props.initialMessages, onConversation, onTitle],
  );
  const chat = useChat(chatOpts);
  const { ref: scrollerRef, atBottom, scrollToBottom } = useStickToBottom<HTMLDivElement>(chat.messages);
  const error = chat.error ?? (props.notice ? plainError(props.notice) : null);
  const last = chat.messages.at(-1);
  // Esc stops the answer being written, wherever the focus is (the composer handles its own).
  useEffect(() => {
    if (!chat.busy) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.shiftKey || e.defaultPrevented || document.querySelector("dialog[open]")) return;
      if ((e.target as HTMLElement | null)?.id === "chat-input") return;
      chat.stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [chat.busy, chat.stop, chat]);

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label="Conversation">
      <div className="border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <UsageMeter refreshKey={chat.busy ? "busy" : chat.messages.length} />
      </div>
      <div className="relative flex min-h-0 flex-1 flex-col">
        <div ref={scrollerRef} data-testid="message-scroller" className="min-h-0 flex-1 overflow-y-auto">
          <ol className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-4">
            {chat.messages.length === 0 && (
              <li className="my-16 text-center text-slate-600 dark:text-slate-400">
                <p className="text-lg font-medium">Start a conversation</p>
                <p className="text-sm">Answers stream as they are written. Your chats are saved.</p>
              </li>
            )}
            {chat.messages.map((m) => (
              <MessageItem
                key={m.id}
                message={m}
                emulator={props.emulator}
                canRetry={!chat.busy && m.id === last?.id && !m.id.startsWith("tmp-")}
                onRetry={() => {
                  scrollToBottom();
                  void chat.run({ retryOf: m.id, model: lastModel });
                }}
              />
            ))}
          </ol>
        </div>
        {!atBottom && (
          <button
            type="button"
            onClick={scrollToBottom}
            className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-slate-300 bg-white px-3 py-1 text-sm shadow dark:border-slate-700 dark:bg-slate-900"
          >
            ↓ Newest message
          </button>
        )}
      </div>
      {error && (
        <ChatNotice
          error={error}
          onNewChat={props.onNewChat}
          onDismiss={() => {
            chat.setError(null);
            props.onDismissNotice();
          }}
        />
      )}
      <Composer
        busy={chat.busy}
        allowStrong={props.allowStrong}
        allowSearch={props.allowSearch}
        defaultModel={props.defaultModel}
        onStop={chat.stop}
        onSend={async (message, model, search, files) => {
          setLastModel(model);
          props.onDismissNotice();
          scrollToBottom();
          return (await chat.run({ message, model, search, files })).failedMessage;
        }}
      />
    </section>
  );
}
