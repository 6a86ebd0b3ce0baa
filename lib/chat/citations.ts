// Numbered citations in a grounded answer: after each span Gemini says its
// sources support, the sources' numbers as markdown links ("[1]", "[2]"), so
// the rendered answer shows where each claim comes from. Spans are UTF-8 byte
// offsets into the answer (the API's unit); a span that does not end inside
// the text (a cut answer) is skipped.
import type { Grounding } from "@/lib/ai/grounding";

const encoder = new TextEncoder();

/** The string index at which the first `bytes` UTF-8 bytes of `text` end, or null past the end / mid-character. */
export function charIndexAtByte(text: string, bytes: number): number | null {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < bytes) {
    const code = text.codePointAt(i)!;
    seen += encoder.encode(String.fromCodePoint(code)).length;
    i += code > 0xffff ? 2 : 1;
  }
  return seen === bytes ? i : null;
}

export function withCitations(content: string, grounding: Grounding | null): string {
  if (!grounding || grounding.citations.length === 0) return content;
  const inserts = grounding.citations
    .map((c) => ({ at: charIndexAtByte(content, c.end), sources: c.sources }))
    .filter((c): c is { at: number; sources: number[] } => c.at !== null)
    .sort((a, b) => b.at - a.at);
  let out = content;
  for (const { at, sources } of inserts) {
    const marks = sources
      .filter((i) => grounding.sources[i])
      .map((i) => `[\\[${i + 1}\\]](${grounding.sources[i]!.uri})`)
      .join("");
    if (marks) out = `${out.slice(0, at)} ${marks}${out.slice(at)}`;
  }
  return out;
}
