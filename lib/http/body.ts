// Request bodies are read here only, and never past a cap: the cap holds while
// the bytes arrive, whatever Content-Length or Transfer-Encoding say, so a body
// sent chunked with no length is refused as soon as it passes the cap instead
// of after the whole of it has been buffered.
import { AppError, type Surface } from "./app-error";

export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

function tooLarge(maxBytes: number, surface: Surface): AppError {
  return new AppError(`payload_too_large:${surface}`, `Request body is larger than ${maxBytes} bytes.`);
}

/** The body's exact bytes as UTF-8 text, read no further than `maxBytes`. */
export async function readBodyText(req: Request, maxBytes: number, surface: Surface = "api"): Promise<string> {
  // A declared length over the cap is refused before reading anything.
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes, surface);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes, surface);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body with a size cap; a bad body is the caller's error, never a 500. */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "Request body must be valid JSON.");
  }
}
