// Grounding with Google Search (`tools: [{ googleSearch: {} }]`), offline: the
// "model" runs one search per question in the last user message (at most
// three), cites two sources per search, and returns groundingMetadata shaped
// like the real API's: webSearchQueries, a searchEntryPoint widget,
// groundingChunks whose `web.uri` is a grounding-api-redirect link and whose
// title is the source's domain, and groundingSupports tying answer segments to
// chunks. Segment offsets are UTF-8 byte offsets into the answer's text part,
// and proto3 JSON leaves a zero startIndex out, as the API does. Evidence: the
// REST response in google-gemini/cookbook (quickstarts/rest/Search_Grounding),
// whose usageMetadata has no tool-use count, and the v1beta proto's Segment
// ("measured in bytes"). Gemini 3 bills each executed query.
import { createHash } from "node:crypto";
import type { GroundingMetadata, Tool } from "@google/genai";
import { clauses, keywords, pick, stableHash } from "./digest";
import { invalidArgument } from "./errors";

const MAX_QUERIES = 3;
const SOURCES_PER_QUERY = 2;
const MAX_SUPPORTS = 6;
const DOMAINS = [
  "en.wikipedia.org",
  "developer.mozilla.org",
  "www.britannica.com",
  "www.nature.com",
  "docs.python.org",
  "www.reuters.com",
  "arxiv.org",
  "www.nist.gov",
];

export interface Grounding {
  metadata: GroundingMetadata;
  /** Searches the model ran (what Gemini 3 bills per query). */
  queries: number;
}

/** Whether the request turns search on; the retired retrieval tool is refused as the API refuses it. */
export function searchRequested(tools: readonly Tool[] | undefined): boolean {
  if (tools?.some((tool) => tool.googleSearchRetrieval !== undefined)) {
    throw invalidArgument("Please use google_search field instead of google_search_retrieval field.");
  }
  return tools?.some((tool) => tool.googleSearch !== undefined) ?? false;
}

/** The searches for a message: one per question or clause, by its content words. */
export function searchQueries(lastUserText: string): string[] {
  const parts = clauses(lastUserText);
  const queries = (parts.length ? parts : [lastUserText])
    .map((clause) => keywords(clause, 5).join(" "))
    .filter((query) => query !== "");
  return [...new Set(queries)].slice(0, MAX_QUERIES);
}

function redirectUri(query: string, domain: string): string {
  const token = createHash("sha256").update(`${query}\n${domain}`).digest("base64url");
  return `https://vertexaisearch.cloud.google.com/grounding-api-redirect/${token}`;
}

function entryPoint(queries: string[]): string {
  const chips = queries
    .map((q) => `<a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(q)}">${q}</a>`)
    .join("");
  return `<style>.container{display:flex;gap:8px}.chip{border-radius:16px;padding:4px 12px}</style><div class="container">${chips}</div>`;
}

/** Answer lines worth citing: bullets and sentences, as byte ranges of the text. */
function citedSegments(text: string): { start: number; end: number; text: string }[] {
  const segments: { start: number; end: number; text: string }[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const bytes = Buffer.byteLength(line, "utf8");
    const body = line.replace(/^[-*]\s+/, "");
    if (/^[-*]\s+\S/.test(line) || /^[A-Z][^|#`]*[.!?]$/.test(line)) {
      const lead = Buffer.byteLength(line.slice(0, line.length - body.length), "utf8");
      segments.push({ start: offset + lead, end: offset + bytes, text: body });
    }
    offset += bytes + 1;
  }
  return segments.slice(0, MAX_SUPPORTS);
}

/** Grounding for an answer to `lastUserText`; null when the message has nothing to search for. */
export function groundAnswer(lastUserText: string, answer: string): Grounding | null {
  const queries = searchQueries(lastUserText);
  if (queries.length === 0) return null;
  const chunks = queries.flatMap((query) =>
    Array.from({ length: SOURCES_PER_QUERY }, (_, i) => {
      const domain = pick(DOMAINS, stableHash(`${query}#${i}`));
      return { web: { uri: redirectUri(query, domain), title: domain } };
    }),
  );
  const segments = citedSegments(answer);
  const indices = segments.map((_, i) =>
    [i % chunks.length, ...(i % 2 === 1 ? [(i + 1) % chunks.length] : [])].filter((v, k, all) => all.indexOf(v) === k),
  );
  const supports = segments.map((segment, i) => ({
    segment: { ...(segment.start > 0 ? { startIndex: segment.start } : {}), endIndex: segment.end, text: segment.text },
    groundingChunkIndices: indices[i]!,
    confidenceScores: indices[i]!.map((_, k) => Number((0.93 - 0.11 * k - 0.01 * (i % 4)).toFixed(7))),
  }));
  return {
    // In the order the API writes them.
    metadata: {
      searchEntryPoint: { renderedContent: entryPoint(queries) },
      groundingChunks: chunks,
      groundingSupports: supports,
      retrievalMetadata: {},
      webSearchQueries: queries,
    },
    queries: queries.length,
  };
}
