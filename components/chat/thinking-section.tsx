"use client";
// The model's thought summary for one answer, collapsed under "Thinking" so the
// answer stays first; it streams in as the model thinks and is kept with the answer.
// Gemini writes its thought summaries in markdown (a bold heading per thought).
import { Markdown } from "./lazy-markdown";

export function ThinkingSection(props: { text: string | null; thinkingTokens: number; streaming: boolean }) {
  if (!props.text) return null;
  return (
    <details
      className="rounded-md border border-slate-200 px-3 py-1 text-sm dark:border-slate-700"
      data-testid="thinking"
    >
      <summary className="cursor-pointer text-slate-500 select-none">
        Thinking
        {props.streaming
          ? "…"
          : props.thinkingTokens > 0
            ? ` (${props.thinkingTokens.toLocaleString("en")} tokens)`
            : ""}
      </summary>
      <div className="mt-1 text-slate-600 dark:text-slate-300">
        <Markdown text={props.text} />
      </div>
    </details>
  );
}
