import { AppError } from "./app-error";

const DEFAULT_MAX = 1_000_000;

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large:api", `Request body is larger than ${maxBytes} bytes.`);
}

/**
 * The body as text, read no further than the cap: a body sent without a
 * Content-Length (chunked) is refused as soon as it passes the cap, not after
 * the whole of it has been buffered.
 */
async function readCapped(req: Request, maxBytes: number): Promise<string> {
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
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body with a size cap; a bad body is the caller's error, never a 500. */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(req, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "Request body must be valid JSON.");
  }
}
