"use client";
// Model output as markdown: headings, quotes, inline code, GFM tables and lists,
// and code blocks with a copy button in a bar above the code (never over it).
// rehype-sanitize drops raw HTML and unsafe URLs, so nothing the model writes runs.
import type { ReactNode } from "react";
import { useCopy } from "./use-copy";
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object" && "props" in node)
    return textOf((node as { props: { children?: ReactNode } }).props.children);
  return "";
}

function languageOf(node: ReactNode): string | null {
  const child = Array.isArray(node) ? node[0] : node;
  const className =
    child && typeof child === "object" && "props" in child
      ? (child as { props: { className?: string } }).props.className
      : undefined;
  return className?.match(/language-([\w+-]+)/)?.[1] ?? null;
}

function CodeBlock({ children }: { children?: ReactNode }) {
  const { copy, label } = useCopy();
  return (
    <div className="my-3 overflow-hidden rounded-md border border-slate-800 bg-slate-900" data-testid="code-block">
      <div className="flex items-center justify-between bg-slate-800 px-3 py-1 text-xs text-slate-200">
        <span>{languageOf(children) ?? "code"}</span>
        <button
          type="button"
          onClick={() => void copy(textOf(children).replace(/\n$/, ""))}
          className="rounded px-2 py-0.5 hover:bg-slate-700 focus:bg-slate-700"
        >
          {label("Copy")}
        </button>
      </div>
      <pre className="overflow-x-auto p-3 text-sm text-slate-100">{children}</pre>
    </div>
  );
}

export function Markdown({ text }: { text: string }) {
  return (
    <div className="chat-markdown leading-relaxed break-words">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={{
          pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
          table: ({ children }) => (
            <div className="my-3 overflow-x-auto">
              <table className="min-w-full border-collapse text-sm">{children}</table>
            </div>
          ),
          th: ({ children }) => (
            <th className="border border-slate-300 px-2 py-1 text-left dark:border-slate-700">{children}</th>
          ),
          td: ({ children }) => <td className="border border-slate-300 px-2 py-1 dark:border-slate-700">{children}</td>,
          a: ({ children, href }) => (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="text-blue-700 underline dark:text-blue-300"
            >
              {children}
            </a>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
