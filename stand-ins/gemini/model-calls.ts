// POST /v1beta/models/{model}:{generateContent|streamGenerateContent|countTokens}
// and Vertex AI's /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:…
// Checks the request like the real API (credentials, model, thinking config),
// applies the planned faults, then answers as JSON or as an SSE stream.
import type { IncomingMessage, ServerResponse } from "node:http";
import { tokens } from "./tokens";
import { isObject, parseJson, validateGenerate } from "./request-checks";
import { digestRequest, keywords } from "./digest";
import {
  apiKeyInvalid,
  faultError,
  invalidArgument,
  invalidJson,
  missingApiKey,
  modelNotFound,
  publisherModelNotFound,
  unauthenticated,
  type GeminiApiError,
} from "./errors";
import { type FaultState, readMarkers, type RequestPlan } from "./faults";
import { isGone, readBody, sendJson, sleepUntil, startSse, writeRawJson, writeSseEvent } from "./http-io";
import type { FileStore } from "./files";
import type { ImplicitCache } from "./implicit-cache";
import type { EmulatedModel, ModelRegistry } from "./models";
import { planReply } from "./reply";
import {
  type Backend,
  blockedResponse,
  fullResponse,
  generate,
  newResponseId,
  type MediaCounter,
  type PromptCount,
  promptTokens,
  streamChunks,
} from "./response";
import { groundAnswer, searchRequested } from "./grounding";
import { mediaPartCount } from "./media";
import { planThinking, thoughtSummary } from "./thinking";
import type { GeminiMethod, RecordedRequest, WireCountTokensRequest, WireGenerateRequest } from "./types";

export interface ModelCall {
  model: string;
  method: GeminiMethod;
  backend: Backend;
  /** Vertex AI only: the project and location in the path. */
  project?: string;
  location?: string;
  /** performance.now() when the request arrived; latency is measured from here. */
  receivedAt: number;
  url: URL;
  record: RecordedRequest;
}

export interface ModelCallContext {
  faults: FaultState;
  models: ModelRegistry;
  cache: ImplicitCache;
  files: FileStore;
  /** Accepted API keys (Gemini API); undefined accepts any non-empty key. */
  apiKeys?: readonly string[];
}

/**
 * Credentials as each backend checks them: an API key for the Gemini API, a
 * bearer token for Vertex AI. Returns who is calling (the key, or "vertex"):
 * uploaded files belong to it.
 */
export function authenticate(
  ctx: Pick<ModelCallContext, "apiKeys">,
  req: IncomingMessage,
  call: Pick<ModelCall, "backend" | "url">,
): string {
  if (call.backend === "vertex") {
    const auth = req.headers.authorization;
    if (typeof auth !== "string" || !/^Bearer \S+/.test(auth)) throw unauthenticated();
    return "vertex";
  }
  const apiKey = req.headers["x-goog-api-key"] ?? call.url.searchParams.get("key");
  if (typeof apiKey !== "string" || apiKey.trim() === "") throw missingApiKey();
  if (ctx.apiKeys && !ctx.apiKeys.includes(apiKey)) throw apiKeyInvalid();
  return apiKey;
}

/** The served model, or the 404 each backend answers for an unknown or retired one. */
export function servedModel(
  ctx: ModelCallContext,
  call: Pick<ModelCall, "backend" | "model" | "project" | "location">,
  method: string,
): EmulatedModel {
  const found = ctx.models.get(call.model);
  if (found) return found;
  const error: GeminiApiError =
    call.backend === "vertex"
      ? publisherModelNotFound(call.project ?? "", call.location ?? "", call.model)
      : modelNotFound(call.model, method);
  throw error;
}

function countTokens(
  res: ServerResponse,
  body: unknown,
  record: RecordedRequest,
  backend: Backend,
  media: MediaCounter,
): void {
  if (!isObject(body)) throw invalidJson("Expected a JSON object.");
  const request = body as WireCountTokensRequest;
  let count: PromptCount;
  if (request.generateContentRequest !== undefined) {
    const inner = validateGenerate(request.generateContentRequest, "CountTokensRequest.generate_content_request");
    count = promptTokens(inner, backend, media);
  } else if (Array.isArray(request.contents) && request.contents.length > 0) {
    count = promptTokens({ contents: request.contents }, backend, media);
  } else {
    throw invalidArgument("* CountTokensRequest.contents: contents is not specified\n");
  }
  record.status = 200;
  record.outcome = "ok";
  sendJson(res, 200, { totalTokens: count.total, promptTokensDetails: count.details });
}

async function stream(
  model: string,
  res: ServerResponse,
  chunks: object[],
  plan: RequestPlan,
  record: RecordedRequest,
  firstAt: number,
): Promise<void> {
  // A cut must always lose the final chunk, which carries finishReason and usage.
  const cutAt = plan.cutAfterChunks === undefined ? undefined : Math.min(plan.cutAfterChunks, chunks.length - 1);
  for (let i = 0; i < chunks.length; i++) {
    await sleepUntil(firstAt + i * plan.chunkIntervalMs);
    if (isGone(res)) {
      record.outcome = "client-closed";
      return;
    }
    if (i === cutAt) {
      record.outcome = `cut-after-${i}`;
      res.destroy();
      return;
    }
    if (i === 0) {
      startSse(res);
      record.status = 200;
    }
    if (plan.streamError && i === plan.streamError.chunks) {
      // After the 200 and some chunks, the API sends the error as a bare JSON
      // object on its own, not as an SSE `data:` event: the SDK (js-genai
      // processStreamResponse) parses each read as JSON first and throws an
      // ApiError for {"error": …}; a `data:` line would reach the app as an
      // empty response instead.
      await writeRawJson(res, faultError(plan.streamError.status, model).toBody());
      record.outcome = `stream-error-${plan.streamError.status}`;
      res.end();
      return;
    }
    await writeSseEvent(res, chunks[i]);
  }
  record.outcome ??= "ok";
  res.end();
}

export async function handleModelCall(
  ctx: ModelCallContext,
  req: IncomingMessage,
  res: ServerResponse,
  call: ModelCall,
): Promise<void> {
  const { model, method, record, backend } = call;
  const owner = authenticate(ctx, req, call);
  const served = servedModel(ctx, call, method);
  const body = parseJson(await readBody(req));
  const media: MediaCounter = (part) => mediaPartCount(part, ctx.files, owner);

  if (method === "countTokens") {
    const plan = ctx.faults.plan(method, model, readMarkers([]));
    if (plan.error) {
      record.outcome = plan.faultLabel ?? "fault";
      throw plan.error;
    }
    return countTokens(res, body, record, backend, media);
  }

  const request = validateGenerate(body);
  const search = searchRequested(request.tools);
  const thinking = planThinking(served, request.generationConfig?.thinkingConfig);
  const digest = digestRequest(model, request);
  const plan = ctx.faults.plan(method, model, readMarkers(digest.rawUserTexts));
  const firstAt = call.receivedAt + plan.latencyMs;
  const responseId = newResponseId();

  if (plan.error) {
    await sleepUntil(firstAt);
    record.outcome = plan.faultLabel ?? "fault";
    throw plan.error;
  }
  // All CPU work happens before the wait, so it overlaps the simulated latency.
  const prompt = promptTokens(request, backend, media);
  if (plan.blockReason) {
    const blocked = blockedResponse(model, prompt, plan.blockReason, responseId);
    record.outcome = "blocked";
    if (method === "generateContent") {
      await sleepUntil(firstAt);
      record.status = 200;
      return sendJson(res, 200, blocked);
    }
    return stream(
      model,
      res,
      [blocked],
      { ...plan, cutAfterChunks: undefined, streamError: undefined },
      record,
      firstAt,
    );
  }
  const generation = generate(request, {
    plan: planReply(digest),
    thinking,
    thought:
      thinking.includeThoughts && thinking.thoughtTokens > 0 ? thoughtSummary(keywords(digest.lastUserText, 3)) : null,
    prompt,
    cachedTokens: cachedTokens(ctx, model, request, backend),
  });
  const answer = generation.parts[0]?.text;
  if (search && answer) generation.grounding = groundAnswer(digest.lastUserText, answer);
  if (method === "generateContent") {
    await sleepUntil(firstAt);
    record.status = 200;
    record.outcome = "ok";
    return sendJson(res, 200, fullResponse(model, generation, responseId, backend));
  }
  return stream(model, res, streamChunks(model, generation, responseId, backend), plan, record, firstAt);
}

/**
 * Cached prompt tokens: an explicit cache (cachedContent) stands for the system
 * instruction; otherwise the implicit cache's longest reused prefix.
 */
function cachedTokens(ctx: ModelCallContext, model: string, request: WireGenerateRequest, backend: Backend): number {
  const perMessage = backend === "vertex" ? 0 : 1;
  const system = request.systemInstruction ? tokens.countContents([], request.systemInstruction) + perMessage : 0;
  if (request.cachedContent) return system;
  const blocks = [
    ...(request.systemInstruction
      ? [{ key: `system:${JSON.stringify(request.systemInstruction)}`, tokens: system }]
      : []),
    ...request.contents.map((c) => ({
      key: JSON.stringify(c),
      tokens: tokens.countContents([c]) + perMessage,
    })),
  ];
  return ctx.cache.lookupAndStore(model, blocks);
}
