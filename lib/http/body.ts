import { AppError } from "./app-error";

const DEFAULT_MAX = 1_000_000;

/** Reads a JSON body with a size cap; a bad body is the caller's error, never a 500. */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new AppError("payload_too_large:api", `Request body is larger than ${maxBytes} bytes.`);
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new AppError("payload_too_large:api", `Request body is larger than ${maxBytes} bytes.`);
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:api", "Request body must be valid JSON.");
  }
}
