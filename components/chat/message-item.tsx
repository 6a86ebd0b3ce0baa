"use client";
// One message. Answers show which model wrote them and why (hover the label),
// a visible note when the offline emulator answered, and what went wrong if anything did.
import { Markdown } from "./lazy-markdown";
import { withCitations } from "@/lib/chat/citations";
import { Sources } from "./sources";
import { useCopy } from "./use-copy";
import { UserMessage } from "./user-message";
import { ThinkingSection } from "./thinking-section";
import type { MessageView } from "./types";

const STATUS_STYLE: Record<MessageView["status"], string> = {
  complete: "",
  streaming: "",
  partial: "border-amber-400 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  error: "border-red-400 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
  blocked: "border-red-400 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
};

function CopyAnswer({ text }: { text: string }) {
  const { copy, label } = useCopy();
  return (
    <button
      type="button"
      onClick={() => void copy(text)}
      className="self-start rounded px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800"
    >
      {label("Copy answer")}
    </button>
  );
}

export function MessageItem(props: {
  message: MessageView;
  emulator: boolean;
  canRetry: boolean;
  onRetry: () => void;
}) {
  const m = props.message;
  if (m.role === "user") return <UserMessage content={m.content} files={m.attachments} />;
  const failed = m.status === "error" || m.status === "blocked" || m.status === "partial";
  return (
    <li className="flex flex-col gap-1" data-role="model" data-status={m.status} data-testid="answer">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span
          title={m.routingReason ?? undefined}
          data-testid="answer-model"
          className="cursor-help underline decoration-dotted"
        >
          {m.model ?? "model"}
        </span>
        {props.emulator && (
          <span className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-800 dark:bg-violet-900 dark:text-violet-100">
            Offline emulator
          </span>
        )}
        {m.status === "streaming" && <span aria-live="polite">writing…</span>}
      </div>
      <ThinkingSection text={m.thinking} thinkingTokens={m.thinkingTokens} streaming={m.status === "streaming"} />
      {m.content ? (
        <Markdown text={withCitations(m.content, m.grounding)} />
      ) : (
        m.status === "streaming" && <span className="animate-pulse">▍</span>
      )}
      {m.grounding && <Sources grounding={m.grounding} />}
      {m.content && m.status !== "streaming" && <CopyAnswer text={m.content} />}
      {failed && m.statusDetail && (
        <div
          role="alert"
          className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${STATUS_STYLE[m.status]}`}
        >
          <span>{m.statusDetail}</span>
          {props.canRetry && (
            <button
              type="button"
              onClick={props.onRetry}
              className="rounded border border-current px-2 py-0.5 font-medium"
            >
              Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}
