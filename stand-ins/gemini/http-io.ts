// Small node:http helpers: bounded body reading, JSON and SSE writing framed
// like the real API, and deadline-based waits.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type GeminiApiError, invalidArgument } from "./errors";

/** The real API rejects request payloads above 100 MB (raised from 20 MB for inline files in 2026). */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

const COMMON_HEADERS = { "x-gemini-emulator": "1" };

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES)
        reject(invalidArgument(`Request payload size exceeds the limit: ${MAX_BODY_BYTES} bytes.`));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

/** Raw bytes of a body (a Files API upload chunk), at most `limit` of them. */
export function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > limit) reject(invalidArgument(`The upload is larger than the ${limit} bytes it declared.`));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  // The real API pretty-prints unary responses; the SDK does not care, humans reading curl output do.
  const payload = JSON.stringify(body, null, 2);
  res.writeHead(status, { ...COMMON_HEADERS, "content-type": "application/json; charset=UTF-8" });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: GeminiApiError): void {
  sendJson(res, error.httpStatus, error.toBody());
}

export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
}

/**
 * A JSON body written on its own, outside SSE framing (how the API reports an
 * error after a stream has started); it waits a moment first so the client
 * reads it as a separate chunk, as it arrives from the real API.
 */
export async function writeRawJson(res: ServerResponse, body: unknown): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(JSON.stringify(body), () => resolve());
  });
}

/**
 * Writes one SSE event the way the real API frames it (`data: <json>` and a
 * CRLF blank line) and resolves once it is handed to the socket, so a cut
 * right after it cannot swallow it.
 */
export function writeSseEvent(res: ServerResponse, body: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(`data: ${JSON.stringify(body)}\r\n\r\n`, () => resolve());
  });
}

/**
 * Waits until an absolute time. Scheduling against deadlines measured from
 * request arrival keeps the first-chunk delay equal to the configured latency
 * even when tokenising or other requests took some of that time.
 */
export function sleepUntil(deadline: number): Promise<void> {
  const wait = deadline - performance.now();
  if (wait <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, wait));
}

/** True once the client went away (or we cut it off); stop writing then. */
export function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || !res.socket || res.socket.destroyed;
}
