// The checks the real API makes on a request body that an SDK user can actually
// trip: JSON that parses, no unknown top-level field, contents and parts present.
import { invalidArgument, invalidJson } from "./errors";
import type { WireGenerateRequest } from "./types";

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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw invalidJson((err as Error).message);
  }
}

/** The checks the real API makes that an SDK user can actually trip. */
export function validateGenerate(body: unknown, prefix = "GenerateContentRequest"): WireGenerateRequest {
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
