"use client";
// Message input: Enter sends, Shift+Enter adds a line, Escape stops an answer.
// A message the server refuses (budget, rate limit) comes back to the box.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/limits";
import { preloadMarkdown } from "./lazy-markdown";
import type { AttachmentView } from "@/lib/files/attachments";
import { PendingFiles } from "./attachment-list";
import type { ModelChoice } from "./types";
import { useAttachments } from "./use-attachments";

export function Composer(props: {
  busy: boolean;
  allowStrong: boolean;
  /** The plan includes web search: the "Search the web" toggle is offered. */
  allowSearch: boolean;
  /** The model the account's preferences choose; the menu starts on it. */
  defaultModel: ModelChoice;
  initial?: string;
  /** Resolves to the text to put back in the box if the message was refused, else null. */
  onSend: (text: string, model: ModelChoice, search: boolean, files: AttachmentView[]) => Promise<string | null>;
  onStop: () => void;
}) {
  const [text, setText] = useState(props.initial ?? "");
  const [model, setModel] = useState<ModelChoice>(props.defaultModel);
  const [search, setSearch] = useState(false);
  const attachments = useAttachments();
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // Ready to type: on load and whenever a new chat mounts a fresh composer.
  useEffect(() => box.current?.focus(), []);

  const length = text.trim().length;
  // Too long to send: the text stays in the box, with the limit shown, to be shortened.
  const tooLong = length > MESSAGE_MAX_CHARS;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const message = text.trim();
    if (!message || tooLong || props.busy || attachments.uploading) return;
    setText("");
    const taken = attachments.take();
    const files = taken.flatMap((f) => (f.uploaded ? [f.uploaded] : []));
    // A refused message comes back to the box, unless something new was typed meanwhile, and its files with it.
    void props.onSend(message, model, props.allowSearch && search, files).then((back) => {
      if (!back) return;
      setText((current) => (current.trim() ? current : back));
      attachments.restore(taken);
    });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && props.busy) props.onStop();
  };

  return (
    <form
      onSubmit={submit}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        setDragging(false);
        attachments.add(e.dataTransfer.files);
      }}
      className={`flex flex-col gap-2 border-t border-slate-200 p-3 dark:border-slate-800 ${dragging ? "bg-slate-100 dark:bg-slate-800" : ""}`}
    >
      <PendingFiles files={attachments.files} onRemove={attachments.remove} />
      <label htmlFor="chat-input" className="sr-only">
        Message
      </label>
      <textarea
        id="chat-input"
        ref={box}
        value={text}
        onChange={(e) => {
          // The answer's renderer loads while the question is typed.
          preloadMarkdown();
          setText(e.target.value);
        }}
        onKeyDown={onKey}
        onPaste={(e) => {
          if (e.clipboardData.files.length === 0) return;
          e.preventDefault();
          attachments.add(e.clipboardData.files);
        }}
        rows={3}
        placeholder="Ask anything… (Enter to send, Shift+Enter for a new line)"
        aria-invalid={tooLong}
        aria-describedby={tooLong ? "chat-input-limit" : undefined}
        className="w-full resize-y rounded-md border border-slate-300 bg-white p-2 dark:border-slate-700 dark:bg-slate-900"
      />
      {tooLong && (
        <p id="chat-input-limit" role="alert" className="text-sm text-red-700 dark:text-red-400">
          This message is {length.toLocaleString("en-US")} characters; the limit is{" "}
          {MESSAGE_MAX_CHARS.toLocaleString("en-US")}. Shorten it to send.
        </p>
      )}
      <div className="flex items-center gap-2">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept="image/png,image/jpeg,image/webp,image/heic,image/heif,application/pdf,text/*,.md,.csv,.json,.ts,.tsx,.js,.py,.go,.rs,.java,.c,.cpp,.sql,.yaml,.yml"
          onChange={(e) => {
            if (e.target.files) attachments.add(e.target.files);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          onClick={() => picker.current?.click()}
          className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
        >
          Attach
        </button>
        <label className="text-sm text-slate-600 dark:text-slate-400">
          Model{" "}
          <select
            value={model}
            onChange={(e) => setModel(e.target.value as ModelChoice)}
            className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="auto">Auto</option>
            <option value="fast">Fast</option>
            {props.allowStrong && <option value="strong">Strong</option>}
          </select>
        </label>
        {props.allowSearch && (
          <label className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-400">
            <input type="checkbox" checked={search} onChange={(e) => setSearch(e.target.checked)} />
            Search the web
          </label>
        )}
        <span className="flex-1" />
        {props.busy ? (
          <button
            type="button"
            onClick={props.onStop}
            className="rounded-md bg-red-600 px-4 py-1.5 font-medium text-white"
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={!text.trim() || tooLong || attachments.uploading}
            className="rounded-md bg-slate-900 px-4 py-1.5 font-medium text-white disabled:opacity-40 dark:bg-white dark:text-slate-900"
          >
            Send
          </button>
        )}
      </div>
    </form>
  );
}
