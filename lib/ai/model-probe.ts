// Whether the configured backend serves a model (models.get), for the startup
// check of the configured models (lib/ops/model-check.ts).
import { ApiError } from "@google/genai";
import { geminiClient } from "./gemini-client";

/** `status` is the API's HTTP answer, null when it could not be reached. */
export type ModelProbe = { ok: true } | { ok: false; status: number | null; message: string };

export async function probeModel(id: string, timeoutMs: number): Promise<ModelProbe> {
  try {
    await geminiClient().models.get({ model: id, config: { abortSignal: AbortSignal.timeout(timeoutMs) } });
    return { ok: true };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, status: err.status, message: err.message };
    return { ok: false, status: null, message: err instanceof Error ? err.message : String(err) };
  }
}
