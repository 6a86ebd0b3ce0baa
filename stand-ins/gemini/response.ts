// Turns a reply plan into API responses: token usage (counted by the app's own
// tokenizer module, plus the one token per message the API adds), thinking
// inside maxOutputTokens, and the split into SSE chunks. As the real API does
// (googleapis/js-genai recordings, gemini-2.5-flash streams), every chunk
// carries usageMetadata with running totals: promptTokenCount and
// thoughtsTokenCount from the first chunk, candidatesTokenCount and
// totalTokenCount growing to the final figures on the last chunk. Vertex AI
// sends token counts only on the last chunk (the other chunks carry
// `trafficType` alone), which its recordings show too.
import { randomBytes } from "node:crypto";
import {
  BlockedReason,
  type Content,
  FinishReason,
  type GenerateContentResponseUsageMetadata,
  HarmCategory,
  HarmProbability,
  MediaModality,
  type ModalityTokenCount,
  type Part,
  TrafficType,
} from "@google/genai";
import type { Grounding } from "./grounding";
import type { MediaCount, Modality } from "./media";
import { tokens } from "./tokens";
import type { ReplyPlan } from "./reply";
import type { ThinkingPlan } from "./thinking";
import type { BlockReasonName, WireGenerateRequest, WireGenerateResponse } from "./types";

export type Backend = "gemini-api" | "vertex";

const MIN_CHUNKS = 6;
const MAX_CHUNKS = 12;
const WORDS_PER_CHUNK = 10;

export interface Generation {
  /** The thought summary (includeThoughts), sent before the answer. */
  thought: string | null;
  /** Answer parts; empty when thinking used the whole output cap. */
  parts: Part[];
  finishReason: FinishReason;
  prompt: PromptCount;
  cachedTokens: number;
  candidateTokens: number;
  thoughtTokens: number;
  /** Set when the request had googleSearch on and the model searched. */
  grounding?: Grounding | null;
}

/** Like the real API's ids: 23 url-safe characters, unique per response. */
export function newResponseId(): string {
  return randomBytes(17).toString("base64url");
}

/** Prompt tokens in all, and by modality as promptTokensDetails lists them. */
export interface PromptCount {
  total: number;
  details: ModalityTokenCount[];
}

/** A part's media count, or null for text and tool parts. */
export type MediaCounter = (part: Part) => MediaCount | null;

/**
 * promptTokenCount as the Gemini API reports it: the text's tokens plus one per
 * message and one for the system instruction (the js-genai recordings: "why is
 * the sky blue?" is 6 tokens of text and promptTokenCount 7; with a system
 * instruction of 6 tokens and "high", 9). Vertex AI reports the text alone (6 and 8).
 * Media parts count in their own modality (a text file's tokens are TEXT).
 */
export function promptTokens(request: WireGenerateRequest, backend: Backend, media: MediaCounter): PromptCount {
  const byModality = new Map<Modality, number>([["TEXT", 0]]);
  const add = (modality: Modality, n: number) => byModality.set(modality, (byModality.get(modality) ?? 0) + n);
  const textOnly = (content: Content): Content => ({
    ...content,
    parts: (content.parts ?? []).filter((part) => {
      const counted = media(part);
      if (counted) add(counted.modality, counted.tokens);
      return !counted;
    }),
  });
  const contents = request.contents.map(textOnly);
  const system = request.systemInstruction ? textOnly(request.systemInstruction) : undefined;
  add("TEXT", tokens.countContents(contents, system));
  if (backend !== "vertex") add("TEXT", request.contents.length + (request.systemInstruction ? 1 : 0));
  const details = [...byModality]
    .filter(([modality, n]) => modality === "TEXT" || n > 0)
    .map(([modality, tokenCount]) => ({ modality: MediaModality[modality], tokenCount }));
  return { total: details.reduce((sum, d) => sum + (d.tokenCount ?? 0), 0), details };
}

export interface GenerateInput {
  plan: ReplyPlan;
  thinking: ThinkingPlan;
  thought: string | null;
  prompt: PromptCount;
  cachedTokens: number;
}

export function generate(request: WireGenerateRequest, input: GenerateInput): Generation {
  const limit = request.generationConfig?.maxOutputTokens;
  const capped = limit !== undefined && limit !== null && limit > 0;
  let thoughtTokens = input.thinking.thoughtTokens;
  let finishReason = FinishReason.STOP;
  let parts: Part[];
  let candidateTokens: number;
  if (capped && thoughtTokens >= limit) {
    // Thinking used the whole cap: no answer at all, as the real API ends it.
    thoughtTokens = limit;
    return {
      thought: input.thought,
      parts: [],
      finishReason: FinishReason.MAX_TOKENS,
      prompt: input.prompt,
      cachedTokens: input.cachedTokens,
      candidateTokens: 0,
      thoughtTokens,
    };
  }
  if (input.plan.kind === "functionCall") {
    const functionCall = { name: input.plan.name, args: input.plan.args };
    parts = [{ functionCall }];
    candidateTokens = tokens.countText(JSON.stringify(functionCall));
  } else {
    let text = input.plan.text;
    candidateTokens = tokens.countText(text);
    const room = capped ? limit - thoughtTokens : Infinity;
    if (candidateTokens > room) {
      text = tokens.truncate(text, room);
      candidateTokens = tokens.countText(text);
      finishReason = FinishReason.MAX_TOKENS;
    }
    parts = [{ text }];
  }
  return {
    thought: input.thought,
    parts,
    finishReason,
    prompt: input.prompt,
    cachedTokens: input.cachedTokens,
    candidateTokens,
    thoughtTokens,
  };
}

/** Usage with `candidates` answer tokens so far, keys in the real API's order. */
function usage(g: Generation, candidates: number): GenerateContentResponseUsageMetadata {
  const u: GenerateContentResponseUsageMetadata = {
    promptTokenCount: g.prompt.total,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: g.prompt.total + candidates + g.thoughtTokens,
    ...(g.cachedTokens > 0 ? { cachedContentTokenCount: g.cachedTokens } : {}),
    promptTokensDetails: g.prompt.details,
    ...(g.cachedTokens > 0
      ? { cacheTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: g.cachedTokens }] }
      : {}),
    ...(g.thoughtTokens > 0 ? { thoughtsTokenCount: g.thoughtTokens } : {}),
  };
  return u;
}

/**
 * The Gemini API leaves candidatesTokensDetails out for thinking models (every
 * gemini-2.5 response in the js-genai recordings; 2.0 sent it), and every model
 * served here thinks; Vertex AI sends it with trafficType.
 */
function finalUsage(g: Generation, backend: Backend): GenerateContentResponseUsageMetadata {
  const u = usage(g, g.candidateTokens);
  if (backend !== "vertex") return u;
  const details = g.candidateTokens > 0 ? [{ modality: MediaModality.TEXT, tokenCount: g.candidateTokens }] : undefined;
  return { ...u, ...(details ? { candidatesTokensDetails: details } : {}), trafficType: TrafficType.ON_DEMAND };
}

function content(parts: Part[]): { role: string; parts?: Part[] } {
  // With no parts the real API sends `{"role":"model"}` only.
  return parts.length ? { role: "model", parts } : { role: "model" };
}

export function fullResponse(model: string, g: Generation, responseId: string, backend: Backend): WireGenerateResponse {
  const parts = g.thought ? [{ text: g.thought, thought: true }, ...g.parts] : g.parts;
  return {
    candidates: [
      {
        content: content(parts),
        finishReason: g.finishReason,
        ...(g.grounding ? { groundingMetadata: g.grounding.metadata } : {}),
        index: 0,
      },
    ],
    usageMetadata: finalUsage(g, backend),
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

/** SSE chunks: the thought summary first, then text deltas; finishReason on the last; usage on each. */
export function streamChunks(
  model: string,
  g: Generation,
  responseId: string,
  backend: Backend,
): WireGenerateResponse[] {
  const text = g.parts[0]?.text;
  const pieces: Part[][] =
    g.parts.length === 0 ? [] : text === undefined ? [g.parts] : splitForStreaming(text).map((t) => [{ text: t }]);
  const all: Part[][] = [...(g.thought ? [[{ text: g.thought, thought: true }]] : []), ...pieces];
  if (all.length === 0) all.push([]);
  const answerPieces = pieces.map((p) => p.map((part) => part.text ?? "").join(""));
  let sent = "";
  let answerIndex = 0;
  const offset = all.length - pieces.length;
  return all.map((parts, i) => {
    const last = i === all.length - 1;
    if (i >= offset) sent += answerPieces[answerIndex++] ?? "";
    // Running count of the answer so far; the last chunk carries the exact total.
    const candidates = last ? g.candidateTokens : Math.min(g.candidateTokens, sent ? tokens.countText(sent) : 0);
    const chunk: WireGenerateResponse = {
      candidates: [
        {
          content: content(parts),
          ...(last ? { finishReason: g.finishReason } : {}),
          // The sources come with the end of the answer they support.
          ...(last && g.grounding ? { groundingMetadata: g.grounding.metadata } : {}),
          index: 0,
        },
      ],
      modelVersion: model,
      responseId,
      usageMetadata: last
        ? finalUsage(g, backend)
        : backend === "vertex"
          ? { trafficType: TrafficType.ON_DEMAND }
          : usage(g, candidates),
    };
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
  prompt: PromptCount,
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
    usageMetadata: {
      promptTokenCount: prompt.total,
      totalTokenCount: prompt.total,
      promptTokensDetails: prompt.details,
    },
    modelVersion: model,
    responseId,
  };
}
