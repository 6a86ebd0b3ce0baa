// Large files go to Gemini through its Files API instead of inline: uploaded
// once, referenced by URI (fileData) while the copy lives (48 hours), uploaded
// again after. Only the Gemini API has a Files API; on Vertex AI every file
// travels inline.
import { env } from "@/lib/config/env";
import { geminiClient } from "./gemini-client";

/** Files above this travel through the Files API (the Gemini API only). */
export const INLINE_FILE_MAX_BYTES = 8 * 1024 * 1024;
/** A copy this close to its expiry is uploaded again rather than risk it expiring mid-call. */
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

export function usesFilesApi(sizeBytes: number): boolean {
  return env().GEMINI_BACKEND !== "vertex" && sizeBytes > INLINE_FILE_MAX_BYTES;
}

export function copyStillValid(expiresAt: Date | null, now = Date.now()): boolean {
  return expiresAt !== null && expiresAt.getTime() - EXPIRY_MARGIN_MS > now;
}

/** Uploads bytes to the Files API; returns the file's URI and expiry. */
export async function uploadToGemini(
  bytes: Buffer,
  mimeType: string,
  displayName: string,
): Promise<{ uri: string; expiresAt: Date }> {
  const file = await geminiClient().files.upload({
    file: new Blob([new Uint8Array(bytes)], { type: mimeType }),
    config: { mimeType, displayName },
  });
  if (!file.uri) throw new Error("the Files API returned no uri");
  const expiresAt = file.expirationTime ? new Date(file.expirationTime) : new Date(Date.now() + 47 * 3600_000);
  return { uri: file.uri, expiresAt };
}
