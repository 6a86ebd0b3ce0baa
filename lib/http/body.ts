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
  return (await readBodyBytes(req, maxBytes, surface)).toString("utf8");
}

/** The body's bytes, read no further than `maxBytes` (`refuse` makes the error for a larger one). */
export async function readBodyBytes(
  req: Request,
  maxBytes: number,
  surface: Surface = "api",
  refuse: () => AppError = () => tooLarge(maxBytes, surface),
): Promise<Buffer> {
  // A declared length over the cap is refused before reading anything.
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw refuse();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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
