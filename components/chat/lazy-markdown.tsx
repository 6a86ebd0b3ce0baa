"use client";
// The markdown renderer (react-markdown, GFM, sanitizing: about a third of the
// chat's JavaScript) in a chunk of its own, loaded when the first answer is
// shown, not with the page. Until it arrives the answer shows as plain text,
// and a server-rendered conversation keeps its rendered HTML while it hydrates.
import { lazy, Suspense } from "react";

const load = () => import("./markdown");
const Rendered = lazy(() => load().then((m) => ({ default: m.Markdown })));

/** Starts loading the renderer ahead of the first answer (the composer calls it as the user types). */
export function preloadMarkdown(): void {
  void load().catch((err: unknown) => console.warn("markdown renderer failed to load", err));
}

export function Markdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="leading-relaxed break-words whitespace-pre-wrap">{text}</div>}>
      <Rendered text={text} />
    </Suspense>
  );
}
