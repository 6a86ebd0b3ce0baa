// The SDK's streaming call with nothing of the app around it (no retries, usage
// or budget): the floor the benchmarks compare a chat turn with
// (app/api/bench/floor). Resolves once the stream is open; yields its text.
import { geminiClient } from "./gemini-client";
import type { ModelSpec } from "./models";

export async function floorStream(
  model: ModelSpec,
  message: string,
  signal: AbortSignal,
): Promise<AsyncIterable<string>> {
  const stream = await geminiClient().models.generateContentStream({
    model: model.id,
    contents: message,
    config: { abortSignal: signal },
  });
  return (async function* () {
    for await (const chunk of stream) if (chunk.text) yield chunk.text;
  })();
}
