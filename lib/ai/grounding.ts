// What a grounded answer read: the searches Gemini ran, the sources it cites,
// and which bytes of the answer each source supports (groundingMetadata on the
// response's last chunk). Gemini 3 bills each executed query; empty entries in
// webSearchQueries are not counted, and neither is a query repeated.
import type { GroundingMetadata } from "@google/genai";

export interface GroundingSource {
  uri: string;
  title: string;
}

/** A span of the answer (UTF-8 byte offsets, end exclusive) and the sources (indices) behind it. */
export interface GroundingCitation {
  start: number;
  end: number;
  sources: number[];
}

export interface Grounding {
  queries: string[];
  sources: GroundingSource[];
  citations: GroundingCitation[];
}

/** The grounding a response reports, or null when the model did not search. */
export function groundingFrom(meta: GroundingMetadata | undefined): Grounding | null {
  if (!meta) return null;
  const queries = [...new Set((meta.webSearchQueries ?? []).map((q) => q.trim()).filter((q) => q !== ""))];
  const sources = (meta.groundingChunks ?? [])
    .map((chunk) => chunk.web)
    .map((web) => ({ uri: web?.uri ?? "", title: web?.title ?? web?.uri ?? "" }));
  const citations = (meta.groundingSupports ?? [])
    .map((support) => ({
      start: support.segment?.startIndex ?? 0,
      end: support.segment?.endIndex ?? 0,
      sources: (support.groundingChunkIndices ?? []).filter((i) => sources[i]?.uri),
    }))
    .filter((c) => c.end > c.start && c.sources.length > 0);
  if (queries.length === 0 && sources.length === 0) return null;
  return { queries, sources, citations };
}
