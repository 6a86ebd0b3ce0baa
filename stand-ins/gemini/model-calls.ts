// POST /v1beta/models/{model}:{generateContent|streamGenerateContent|countTokens}
// Checks the request like the real API, applies the planned faults, then
// answers as JSON or as an SSE stream.
import type { IncomingMessage, ServerResponse } from "node:http";
import { countContentsTokens } from "@/lib/ai/tokenizer";
import { digestRequest } from "./digest";
import { faultError, invalidArgument, invalidJson, missingApiKey, modelNotFound } from "./errors";
import { type FaultState, readMarkers, type RequestPlan } from "./faults";
import { isGone, readBody, sendJson, sleepUntil, startSse, writeSseEvent } from "./http-io";
import { planReply } from "./reply";
import { blockedResponse, fullResponse, generate, newResponseId, streamChunks } from "./response";
import type { GeminiMethod, RecordedRequest, WireCountTokensRequest, WireGenerateRequest } from "./types";

export interface ModelCall {
  model: string;
  method: GeminiMethod;
  /** performance.now() when the request arrived; latency is measured from here. */
  receivedAt: number;
  url: URL;
  record: RecordedRequest;
}

export interface ModelCallContext {
  faults: FaultState;
  isKnownModel(model: string): boolean;
}

// Fields the SDK may put at the top level of a generate request. The real API
// rejects anything else, which catches app bugs such as sending `config` raw.
const GENERATE_FIELDS = new Set([
  "model",
  "contents",
  "systemInstruction",
  "tools",
  "toolConfig",
  "safetySettings",
  "generationConfig",
  "cachedContent",
  "serviceTier",
  "labels",
  "continuationToken",
  "store",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw invalidJson((err as Error).message);
  }
}

/** The checks the real API makes that an SDK user can actually trip. */
function validateGenerate(body: unknown, prefix = "GenerateContentRequest"): WireGenerateRequest {
  if (!isObject(body)) throw invalidJson("Expected a JSON object.");
  for (const key of Object.keys(body)) {
    if (!GENERATE_FIELDS.has(key)) throw invalidJson(`Unknown name "${key}": Cannot find field.`);
  }
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    throw invalidArgument(`* ${prefix}.contents: contents is not specified\n`);
  }
  contents.forEach((content, i) => {
    if (!isObject(content) || !Array.isArray(content.parts) || content.parts.length === 0) {
      throw invalidArgument(`* ${prefix}.contents[${i}].parts: contents.parts must not be empty.\n`);
    }
  });
  return body as unknown as WireGenerateRequest;
}

function countTokens(res: ServerResponse, body: unknown, record: RecordedRequest): void {
  if (!isObject(body)) throw invalidJson("Expected a JSON object.");
  const request = body as WireCountTokensRequest;
  let total: number;
  if (request.generateContentRequest !== undefined) {
    const inner = validateGenerate(request.generateContentRequest, "CountTokensRequest.generate_content_request");
    total = countContentsTokens(inner.contents, inner.systemInstruction);
  } else if (Array.isArray(request.contents) && request.contents.length > 0) {
    total = countContentsTokens(request.contents);
  } else {
    throw invalidArgument("* CountTokensRequest.contents: contents is not specified\n");
  }
  record.status = 200;
  record.outcome = "ok";
  sendJson(res, 200, { totalTokens: total, promptTokensDetails: [{ modality: "TEXT", tokenCount: total }] });
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
      // The real API reports failures after the first byte as an error event.
      await writeSseEvent(res, faultError(plan.streamError.status, model).toBody());
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
  const { model, method, record } = call;
  const apiKey = req.headers["x-goog-api-key"] ?? call.url.searchParams.get("key");
  if (typeof apiKey !== "string" || apiKey.trim() === "") throw missingApiKey();
  if (!ctx.isKnownModel(model)) throw modelNotFound(model, method);
  const body = parseJson(await readBody(req));

  if (method === "countTokens") {
    const plan = ctx.faults.plan(method, model, readMarkers([]));
    if (plan.error) {
      record.outcome = plan.faultLabel ?? "fault";
      throw plan.error;
    }
    return countTokens(res, body, record);
  }

  const request = validateGenerate(body);
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
  if (plan.blockReason) {
    const blocked = blockedResponse(model, request, plan.blockReason, responseId);
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
  const generation = generate(model, request, planReply(digest));
  if (method === "generateContent") {
    await sleepUntil(firstAt);
    record.status = 200;
    record.outcome = "ok";
    return sendJson(res, 200, fullResponse(model, generation, responseId));
  }
  return stream(model, res, streamChunks(model, generation, responseId), plan, record, firstAt);
}
