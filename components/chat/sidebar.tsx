"use client";
// The user's conversations, newest first, grouped by day, with rename and delete.
import Link from "next/link";
import { useState } from "react";
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

function Row(props: {
  c: ConversationSummary;
  active: boolean;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(props.c.title);
  if (editing) {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) props.onRename(title.trim());
          setEditing(false);
        }}
        className="px-2 py-1"
      >
        <input
          autoFocus
          aria-label="Conversation title"
          value={title}
          maxLength={80}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
          className="w-full rounded border border-slate-300 px-1 py-0.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
      </form>
    );
  }
  return (
    <div
      className={`group flex items-center gap-1 rounded px-2 py-1 text-sm ${props.active ? "bg-slate-200 dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`}
    >
      <Link href={`/chat/${props.c.id}`} className="flex-1 truncate" aria-current={props.active ? "page" : undefined}>
        {props.c.title}
      </Link>
      <button
        type="button"
        aria-label={`Rename ${props.c.title}`}
        onClick={() => setEditing(true)}
        className="text-xs text-slate-500 hover:text-slate-900 dark:hover:text-white"
      >
        Rename
      </button>
      <button
        type="button"
        aria-label={`Delete ${props.c.title}`}
        onClick={() => {
          if (window.confirm(`Delete "${props.c.title}"? This cannot be undone.`)) props.onDelete();
        }}
        className="text-xs text-red-600 hover:text-red-800"
      >
        Delete
      </button>
    </div>
  );
}

export function Sidebar(props: {
  conversations: ConversationSummary[];
  activeId: string | null;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}) {
  return (
    <nav aria-label="Conversations" className="flex flex-col gap-3 p-3">
      <Link
        href="/chat"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-center text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
      >
        New chat
      </Link>
      {props.conversations.length === 0 && <p className="text-sm text-slate-500">No conversations yet.</p>}
      {groups(props.conversations).map(([day, list]) => (
        <section key={day}>
          <h2 className="px-2 text-xs font-semibold text-slate-500 uppercase">{day}</h2>
          <ul>
            {list.map((c) => (
              <li key={c.id}>
                <Row
                  c={c}
                  active={c.id === props.activeId}
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
