// Turns a reply plan into API responses: token usage (counted by the app's
// own tokenizer module), maxOutputTokens truncation, and the split into SSE
// chunks with finishReason and usage on the last one.
import { randomBytes } from "node:crypto";
import {
  BlockedReason,
  FinishReason,
  type GenerateContentResponseUsageMetadata,
  HarmCategory,
  HarmProbability,
  MediaModality,
  type Part,
} from "@google/genai";
import { countContentsTokens, countTextTokens, truncateToTokens } from "@/lib/ai/tokenizer";
import type { ReplyPlan } from "./reply";
import type { BlockReasonName, WireGenerateRequest, WireGenerateResponse } from "./types";

/** Pro models think; the emulator bills thoughts as this multiple of the visible reply. */
export const THOUGHTS_PER_CANDIDATE_TOKEN = 2;
const MIN_CHUNKS = 6;
const MAX_CHUNKS = 12;
const WORDS_PER_CHUNK = 10;

export interface Generation {
  parts: Part[];
  finishReason: FinishReason;
  usage: GenerateContentResponseUsageMetadata;
}

/** Like the real API's ids: 23 url-safe characters, unique per response. */
export function newResponseId(): string {
  return randomBytes(17).toString("base64url");
}

function promptUsage(request: WireGenerateRequest): GenerateContentResponseUsageMetadata {
  const prompt = countContentsTokens(request.contents, request.systemInstruction);
  const usage: GenerateContentResponseUsageMetadata = {
    promptTokenCount: prompt,
    totalTokenCount: prompt,
    promptTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: prompt }],
  };
  // No caches API here: a request naming a cache is billed as if the system
  // instruction were the cached prefix (it is still part of promptTokenCount).
  if (request.cachedContent) {
    const cached = request.systemInstruction ? countContentsTokens([], request.systemInstruction) : 0;
    usage.cachedContentTokenCount = cached;
    usage.cacheTokensDetails = [{ modality: MediaModality.TEXT, tokenCount: cached }];
  }
  return usage;
}

export function generate(model: string, request: WireGenerateRequest, plan: ReplyPlan): Generation {
  const usage = promptUsage(request);
  let parts: Part[];
  let finishReason = FinishReason.STOP;
  let candidates: number;
  if (plan.kind === "functionCall") {
    const functionCall = { name: plan.name, args: plan.args };
    parts = [{ functionCall }];
    candidates = countTextTokens(JSON.stringify(functionCall));
  } else {
    let text = plan.text;
    candidates = countTextTokens(text);
    const limit = request.generationConfig?.maxOutputTokens;
    if (limit !== undefined && limit > 0 && candidates > limit) {
      text = truncateToTokens(text, limit);
      candidates = countTextTokens(text);
      finishReason = FinishReason.MAX_TOKENS;
    }
    parts = [{ text }];
  }
  const thoughts = model.includes("pro") ? candidates * THOUGHTS_PER_CANDIDATE_TOKEN : undefined;
  const prompt = usage.promptTokenCount ?? 0;
  // Same key order as the real API, for anyone diffing raw responses.
  const ordered: GenerateContentResponseUsageMetadata = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    ...(usage.cachedContentTokenCount !== undefined ? { cachedContentTokenCount: usage.cachedContentTokenCount } : {}),
    promptTokensDetails: usage.promptTokensDetails,
    ...(usage.cacheTokensDetails ? { cacheTokensDetails: usage.cacheTokensDetails } : {}),
    ...(thoughts !== undefined ? { thoughtsTokenCount: thoughts } : {}),
  };
  return { parts, finishReason, usage: ordered };
}

export function fullResponse(model: string, generation: Generation, responseId: string): WireGenerateResponse {
  return {
    candidates: [
      { content: { role: "model", parts: generation.parts }, finishReason: generation.finishReason, index: 0 },
    ],
    usageMetadata: generation.usage,
    modelVersion: model,
    responseId,
  };
}

/** Splits text on word boundaries into 6-12 near-equal pieces that concatenate back exactly. */
export function splitForStreaming(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const target = Math.min(MAX_CHUNKS, Math.max(MIN_CHUNKS, Math.ceil(words.length / WORDS_PER_CHUNK)));
  const count = Math.max(1, Math.min(words.length, target));
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * words.length) / count);
    const end = Math.floor(((i + 1) * words.length) / count);
    chunks.push(words.slice(start, end).join(""));
  }
  return chunks;
}

/** SSE chunks: text deltas; finishReason and full usage only on the last. */
export function streamChunks(model: string, generation: Generation, responseId: string): WireGenerateResponse[] {
  const text = generation.parts[0]?.text;
  const pieces: Part[][] = text === undefined ? [generation.parts] : splitForStreaming(text).map((t) => [{ text: t }]);
  return pieces.map((parts, i) => {
    const last = i === pieces.length - 1;
    const chunk: WireGenerateResponse = {
      candidates: [
        { content: { role: "model", parts }, index: 0, ...(last ? { finishReason: generation.finishReason } : {}) },
      ],
      modelVersion: model,
      responseId,
    };
    if (last) chunk.usageMetadata = generation.usage;
    return chunk;
  });
}

const BLOCKED_REASON: Record<BlockReasonName, BlockedReason> = {
  SAFETY: BlockedReason.SAFETY,
  OTHER: BlockedReason.OTHER,
  BLOCKLIST: BlockedReason.BLOCKLIST,
  PROHIBITED_CONTENT: BlockedReason.PROHIBITED_CONTENT,
};

/** A blocked prompt: HTTP 200, promptFeedback, no candidates, prompt-only usage. */
export function blockedResponse(
  model: string,
  request: WireGenerateRequest,
  reason: BlockReasonName,
  responseId: string,
): WireGenerateResponse {
  return {
    promptFeedback: {
      blockReason: BLOCKED_REASON[reason],
      ...(reason === "SAFETY"
        ? {
            safetyRatings: [
              { category: HarmCategory.HARM_CATEGORY_DANGEROUS_CONTENT, probability: HarmProbability.HIGH },
            ],
          }
        : {}),
    },
    usageMetadata: promptUsage(request),
    modelVersion: model,
    responseId,
  };
}
