"use client";
// A message the user sent. A long paste is shown folded to its first lines, with
// a button to see it all, so it does not push the conversation off the screen.
import { useState } from "react";
import type { AttachmentView } from "@/lib/files/attachments";
import { SentFiles } from "./attachment-list";

const FOLD_LINES = 12;
const FOLD_CHARS = 1_200;

export function UserMessage({ content, files = [] }: { content: string; files?: AttachmentView[] }) {
  const lines = content.split("\n");
  const long = lines.length > FOLD_LINES || content.length > FOLD_CHARS;
  const [open, setOpen] = useState(false);
  const shown = !long || open ? content : lines.slice(0, FOLD_LINES).join("\n").slice(0, FOLD_CHARS);
  return (
    <li className="flex flex-col items-end" data-role="user">
      <SentFiles files={files} />
      <div className="max-w-[85%] rounded-2xl bg-slate-900 px-4 py-2 text-white dark:bg-slate-700">
        <div className="whitespace-pre-wrap" data-testid="user-text">
          {shown}
          {long && !open && "…"}
        </div>
        {long && (
          <button
            type="button"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            className="mt-1 text-sm font-medium text-slate-200 underline"
          >
            {open ? "Show less" : `Show all (${lines.length.toLocaleString("en-US")} lines)`}
          </button>
        )}
      </div>
    </li>
  );
}
