"use client";
// The chat screen: sidebar of conversations and the open conversation, which
// streams new answers. Everything shown is what the server stored, so a reload
// shows the same thing.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { UsageMeter } from "@/components/budget/usage-meter";
import { Composer } from "./composer";
import { MessageItem } from "./message-item";
import { Sidebar } from "./sidebar";
import type { ConversationSummary, MessageView, ModelChoice } from "./types";
import { useChat } from "./use-chat";

export function ChatApp(props: {
  conversations: ConversationSummary[];
  conversationId: string | null;
  messages: MessageView[];
  emulator: boolean;
  allowStrong: boolean;
}) {
  const router = useRouter();
  const [conversations, setConversations] = useState(props.conversations);
  const [activeId, setActiveId] = useState(props.conversationId);
  const [menuOpen, setMenuOpen] = useState(false);
  const [lastModel, setLastModel] = useState<ModelChoice>("auto");
  const [notice, setNotice] = useState<string | null>(null);
  const chatOpts = useMemo(
    () => ({
      conversationId: props.conversationId,
      initialMessages: props.messages,
      onConversation: (id: string, first: string | null) => {
        setActiveId(id);
        const now = new Date().toISOString();
        setConversations((list) => [
          { id, title: first ? first.slice(0, 60) : "New chat", createdAt: now, updatedAt: now },
          ...list.filter((c) => c.id !== id),
        ]);
        // Keeps the address shareable and reloadable without remounting the stream.
        window.history.replaceState(null, "", `/chat/${id}`);
      },
    }),
    [props.conversationId, props.messages],
  );
  const chat = useChat(chatOpts);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [chat.messages]);

  const rename = async (id: string, title: string) => {
    const res = await fetch(`/api/conversations/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title }),
    });
    if (!res.ok) return setNotice("Could not rename the conversation. Please try again.");
    setConversations((list) => list.map((c) => (c.id === id ? { ...c, title } : c)));
  };
  const remove = async (id: string) => {
    const res = await fetch(`/api/conversations/${id}`, { method: "DELETE" });
    if (!res.ok && res.status !== 404) return setNotice("Could not delete the conversation. Please try again.");
    setConversations((list) => list.filter((c) => c.id !== id));
    if (id === activeId) router.push("/chat");
  };

  const last = chat.messages.at(-1);
  return (
    <div className="flex min-h-0 flex-1 flex-col md:flex-row">
      <button
        type="button"
        className="border-b border-slate-200 px-3 py-2 text-left text-sm md:hidden dark:border-slate-800"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((o) => !o)}
      >
        {menuOpen ? "Hide conversations" : "Show conversations"}
      </button>
      <aside
        className={`${menuOpen ? "block" : "hidden"} max-h-[50vh] overflow-y-auto border-slate-200 md:block md:max-h-none md:w-64 md:shrink-0 md:border-r dark:border-slate-800`}
      >
        <Sidebar conversations={conversations} activeId={activeId} onRename={rename} onDelete={remove} />
      </aside>
      <section className="flex min-w-0 flex-1 flex-col" aria-label="Conversation">
        <UsageMeter refreshKey={chat.busy ? "busy" : chat.messages.length} />
        {(chat.error || notice) && (
          <div
            role="alert"
            data-testid="chat-error"
            className="m-3 rounded-md border border-red-400 bg-red-50 px-3 py-2 text-sm text-red-900"
          >
            {chat.error ?? notice}{" "}
            <button
              type="button"
              className="underline"
              onClick={() => {
                chat.setError(null);
                setNotice(null);
              }}
            >
              Dismiss
            </button>
          </div>
        )}
        <ol className="flex flex-1 flex-col gap-4 overflow-y-auto p-4" aria-live="polite">
          {chat.messages.length === 0 && (
            <li className="m-auto text-center text-slate-500">
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
              onRetry={() => chat.run({ retryOf: m.id, model: lastModel })}
            />
          ))}
          <div ref={endRef} />
        </ol>
        <Composer
          busy={chat.busy}
          allowStrong={props.allowStrong}
          onStop={chat.stop}
          onSend={async (message, model) => {
            setLastModel(model);
            return (await chat.run({ message, model })).failedMessage;
          }}
        />
      </section>
    </div>
  );
}
