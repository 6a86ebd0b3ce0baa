// A model call's usage as the API reports it (usageMetadata), for the streaming
// and the one-shot call alike.
import type { GenerateContentResponse } from "@google/genai";

export interface ModelUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  totalTokens: number;
  estimated: boolean;
  /** Google Search queries the call executed (0 without grounding). */
  searchQueries?: number;
  /** Prompt tokens of images and of documents (PDF pages), from promptTokensDetails; the rest is text. */
  imageTokens?: number;
  documentTokens?: number;
}

/** The usage a response carries, or null if it carries none (then the caller estimates). */
export function usageFrom(chunk: GenerateContentResponse): ModelUsage | null {
  const u = chunk.usageMetadata;
  if (!u || u.promptTokenCount === undefined) return null;
  const inputTokens = u.promptTokenCount ?? 0;
  const outputTokens = u.candidatesTokenCount ?? 0;
  const thinkingTokens = u.thoughtsTokenCount ?? 0;
  const byModality = (m: string) =>
    (u.promptTokensDetails ?? []).filter((d) => d.modality === m).reduce((sum, d) => sum + (d.tokenCount ?? 0), 0);
  const imageTokens = byModality("IMAGE");
  const documentTokens = byModality("DOCUMENT");
  return {
    ...(imageTokens ? { imageTokens } : {}),
    ...(documentTokens ? { documentTokens } : {}),
    inputTokens,
    cachedTokens: u.cachedContentTokenCount ?? 0,
    outputTokens,
    thinkingTokens,
    totalTokens: u.totalTokenCount ?? inputTokens + outputTokens + thinkingTokens,
    estimated: false,
  };
}
