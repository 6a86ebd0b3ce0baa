// The sources behind a grounded answer, numbered as its citations are, and
// the searches Gemini ran for it.
import type { Grounding } from "@/lib/ai/grounding";

export function Sources({ grounding }: { grounding: Grounding }) {
  if (grounding.sources.length === 0) return null;
  return (
    <section aria-label="Sources" data-testid="sources" className="text-sm text-slate-700 dark:text-slate-300">
      <p className="font-medium">Sources</p>
      <ol className="list-decimal pl-6">
        {grounding.sources.map((s, i) => (
          <li key={i}>
            <a href={s.uri} target="_blank" rel="noopener noreferrer" className="underline">
              {s.title || s.uri}
            </a>
          </li>
        ))}
      </ol>
      {grounding.queries.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="search-queries">
          Searched: {grounding.queries.map((q) => `“${q}”`).join(", ")}
        </p>
      )}
    </section>
  );
}
