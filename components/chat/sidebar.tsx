"use client";
// The user's conversations, newest first, grouped by day. Titles get the whole
// row; rename and delete sit in a small menu behind the "⋯" button.
import Link from "next/link";
import { useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from "react";
import type { ConversationSummary } from "./types";

export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

function groups(list: ConversationSummary[]): [string, ConversationSummary[]][] {
  const out = new Map<string, ConversationSummary[]>();
  for (const c of list) {
    const key = dayLabel(c.updatedAt);
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return [...out.entries()];
}

function RenameForm(props: { title: string; onDone: (title: string | null) => void }) {
  const [title, setTitle] = useState(props.title);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onDone(title.trim() || null);
      }}
      className="px-2 py-1"
    >
      <input
        autoFocus
        aria-label="Conversation title"
        value={title}
        maxLength={80}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && props.onDone(null)}
        onBlur={() => props.onDone(null)}
        className="w-full rounded border border-slate-300 px-1 py-0.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
    </form>
  );
}

function Row(props: {
  c: ConversationSummary;
  active: boolean;
  onOpen: (e: ReactMouseEvent) => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [menu, setMenu] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent) => ref.current?.contains(e.target as Node) || setMenu(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [menu]);

  // A fresh form each time: a cancelled edit never comes back on the next one.
  if (editing) {
    return (
      <RenameForm
        title={props.c.title}
        onDone={(title) => {
          setEditing(false);
          if (title && title !== props.c.title) props.onRename(title);
        }}
      />
    );
  }
  const item = "block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800";
  return (
    <div
      ref={ref}
      className={`group relative flex items-center rounded text-sm ${props.active ? "bg-slate-200 dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`}
    >
      <Link
        href={`/chat/${props.c.id}`}
        onClick={props.onOpen}
        title={props.c.title}
        className="min-w-0 flex-1 truncate py-1.5 pr-8 pl-2"
        aria-current={props.active ? "page" : undefined}
      >
        {props.c.title}
      </Link>
      <button
        type="button"
        aria-label={`Actions for ${props.c.title}`}
        aria-haspopup="menu"
        aria-expanded={menu}
        onClick={() => setMenu((m) => !m)}
        onKeyDown={(e) => e.key === "Escape" && setMenu(false)}
        className="absolute right-1 rounded px-1.5 text-base leading-6 text-slate-700 opacity-100 hover:bg-slate-300 focus:opacity-100 group-hover:opacity-100 md:opacity-0 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        ⋯
      </button>
      {menu && (
        <div
          role="menu"
          aria-label={`Actions for ${props.c.title}`}
          className="absolute top-full right-1 z-10 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <button
            type="button"
            role="menuitem"
            aria-label={`Rename ${props.c.title}`}
            className={item}
            onClick={() => {
              setMenu(false);
              setEditing(true);
            }}
          >
            Rename
          </button>
          <a
            role="menuitem"
            aria-label={`Export as Markdown: ${props.c.title}`}
            className={`${item} block`}
            href={`/api/conversations/${props.c.id}/export`}
            download
            onClick={() => setMenu(false)}
          >
            Export as Markdown
          </a>
          <button
            type="button"
            role="menuitem"
            aria-label={`Delete ${props.c.title}`}
            className={`${item} text-red-700 dark:text-red-400`}
            onClick={() => {
              setMenu(false);
              if (window.confirm(`Delete "${props.c.title}"? This cannot be undone.`)) props.onDelete();
            }}
          >
            Delete
          </button>
        </div>
      )}
    </div>
  );
}

export function Sidebar(props: {
  conversations: ConversationSummary[];
  activeId: string | null;
  onNewChat: () => void;
  onOpen: (id: string, e: ReactMouseEvent) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}) {
  return (
    <nav aria-label="Conversations" className="flex flex-col gap-3 p-3">
      <button
        type="button"
        onClick={props.onNewChat}
        aria-keyshortcuts="Control+Shift+O"
        title="New chat (Ctrl+Shift+O)"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-center text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
      >
        New chat
      </button>
      {props.conversations.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">No conversations yet.</p>
      )}
      {groups(props.conversations).map(([day, list]) => (
        <section key={day} aria-label={day}>
          <h2 className="px-2 text-xs font-semibold text-slate-600 uppercase dark:text-slate-400">{day}</h2>
          <ul>
            {list.map((c) => (
              <li key={c.id}>
                <Row
                  c={c}
                  active={c.id === props.activeId}
                  onOpen={(e) => props.onOpen(c.id, e)}
                  onRename={(t) => props.onRename(c.id, t)}
                  onDelete={() => props.onDelete(c.id)}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
