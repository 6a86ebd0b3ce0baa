"use client";
// The chat screen: sidebar of conversations and the open conversation, which
// streams new answers. Everything shown is what the server stored, so a reload
// shows the same thing. "New chat" (button or Ctrl/⌘+Shift+O) always starts an
// empty conversation in place, whatever the address says.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type MouseEvent } from "react";
import { ConversationView } from "./conversation-view";
import { ShortcutsDialog } from "./shortcuts";
import { Sidebar } from "./sidebar";
import type { ConversationSummary, MessageView, ModelChoice } from "./types";

interface Shown {
  /** Changes whenever another conversation (or a new one) is shown: remounts the view. */
  epoch: number;
  conversationId: string | null;
  messages: MessageView[];
}

export function ChatApp(props: {
  conversations: ConversationSummary[];
  conversationId: string | null;
  messages: MessageView[];
  emulator: boolean;
  allowStrong: boolean;
  allowSearch: boolean;
  defaultModel: ModelChoice;
}) {
  const router = useRouter();
  const [conversations, setConversations] = useState(props.conversations);
  const [shown, setShown] = useState<Shown>({
    epoch: 0,
    conversationId: props.conversationId,
    messages: props.messages,
  });
  const [activeId, setActiveId] = useState(props.conversationId);
  const [menuOpen, setMenuOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const epochRef = useRef(0);

  // A navigation (sidebar link, back button) brings the server's view of a conversation: show it.
  const [serverMessages, setServerMessages] = useState(props.messages);
  if (props.messages !== serverMessages) {
    setServerMessages(props.messages);
    setConversations(props.conversations);
    setActiveId(props.conversationId);
    setShown((s) => ({ epoch: s.epoch + 1, conversationId: props.conversationId, messages: props.messages }));
  }
  useEffect(() => {
    epochRef.current = shown.epoch;
  }, [shown.epoch]);

  const newChat = useCallback(() => {
    setMenuOpen(false);
    setActiveId(null);
    setShown((s) => ({ epoch: s.epoch + 1, conversationId: null, messages: [] }));
    if (window.location.pathname !== "/chat") window.history.pushState(null, "", "/chat");
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "o") {
        e.preventDefault();
        newChat();
      } else if ((e.ctrlKey || e.metaKey) && e.key === "/") {
        e.preventDefault();
        setHelpOpen(true);
      } else if (e.shiftKey && e.key === "Escape") {
        e.preventDefault();
        document.getElementById("chat-input")?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [newChat]);

  const onConversation = useCallback((epoch: number, id: string, title: string) => {
    const now = new Date().toISOString();
    setConversations((list) => [{ id, title, createdAt: now, updatedAt: now }, ...list.filter((c) => c.id !== id)]);
    // A conversation left for a new chat keeps streaming into storage, but no longer owns the address.
    if (epoch !== epochRef.current) return;
    setActiveId(id);
    // Keeps the address shareable and reloadable without remounting the stream.
    window.history.replaceState(null, "", `/chat/${id}`);
  }, []);

  const onTitle = useCallback((id: string, title: string) => {
    setConversations((list) => list.map((c) => (c.id === id ? { ...c, title } : c)));
  }, []);

  const open = (id: string, e: MouseEvent) => {
    setMenuOpen(false);
    // The page was drawn for this conversation, then left for a new chat in place: the
    // router sees nothing to fetch, so ask it to draw this page again, fresh.
    if (id === props.conversationId && shown.conversationId !== id) {
      e.preventDefault();
      window.history.pushState(null, "", `/chat/${id}`);
      router.refresh();
    }
  };

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
    if (id === activeId) newChat();
  };

  const title = conversations.find((c) => c.id === activeId)?.title ?? "New chat";
  return (
    <div data-chat-screen className="flex min-h-0 flex-1 flex-col md:flex-row">
      <h1 className="sr-only">{title}</h1>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <div className="flex items-center border-b border-slate-200 md:hidden dark:border-slate-800">
        <button
          type="button"
          className="flex-1 px-3 py-2 text-left text-sm"
          aria-expanded={menuOpen}
          aria-controls="chat-sidebar"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? "Hide conversations" : "Show conversations"}
        </button>
        <button type="button" onClick={newChat} className="px-3 py-2 text-sm font-medium" aria-label="New chat">
          + New chat
        </button>
      </div>
      <aside
        id="chat-sidebar"
        className={`${menuOpen ? "block" : "hidden"} max-h-[50dvh] overflow-y-auto border-b border-slate-200 md:block md:max-h-none md:w-72 md:shrink-0 md:border-r md:border-b-0 dark:border-slate-800`}
      >
        <Sidebar
          conversations={conversations}
          activeId={activeId}
          onNewChat={newChat}
          onOpen={open}
          onRename={rename}
          onDelete={remove}
        />
        <button
          type="button"
          onClick={() => setHelpOpen(true)}
          className="m-2 text-xs text-slate-600 underline dark:text-slate-400"
        >
          Keyboard shortcuts
        </button>
      </aside>
      <ConversationView
        key={shown.epoch}
        conversationId={shown.conversationId}
        initialMessages={shown.messages}
        emulator={props.emulator}
        allowStrong={props.allowStrong}
        allowSearch={props.allowSearch}
        defaultModel={props.defaultModel}
        notice={notice}
        onDismissNotice={() => setNotice(null)}
        onNewChat={newChat}
        onConversation={(id, t) => onConversation(shown.epoch, id, t)}
        onTitle={onTitle}
      />
    </div>
  );
}
