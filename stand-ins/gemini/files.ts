// The Files API as the SDK's ai.files.upload/get/delete/list drive it: a
// resumable upload (POST /upload/v1beta/files with `X-Goog-Upload-Command:
// start` answers with an `x-goog-upload-url`; the bytes go there in 8 MB
// chunks, `upload` then `upload, finalize`, each answered with
// `x-goog-upload-status`), then the File resource under /v1beta/files/{id}.
// Files belong to the API key that uploaded them (a project, for the real
// API), expire 48 hours after upload, and are referenced from a prompt by
// `fileData.fileUri`. Stored in memory: the emulator is for one test run.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GeminiApiError, invalidArgument, pathNotFound } from "./errors";
import { readBytes, readBody, sendJson } from "./http-io";
import { parseJson } from "./request-checks";

/** The Files API's per-file limit. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const CHUNK_GRANULARITY = 8 * 1024 * 1024;
const LIFETIME_MS = 48 * 60 * 60 * 1000;

export interface StoredFile {
  id: string;
  owner: string;
  displayName?: string;
  mimeType: string;
  bytes: Buffer;
  createTime: Date;
}

interface PendingUpload {
  owner: string;
  displayName?: string;
  mimeType: string;
  declaredSize: number;
  chunks: Buffer[];
  received: number;
}

/** The File resource as the API returns it (sizeBytes is an int64, so a string). */
export function fileResource(file: StoredFile, baseUrl: string) {
  const created = file.createTime.toISOString();
  return {
    name: `files/${file.id}`,
    ...(file.displayName ? { displayName: file.displayName } : {}),
    mimeType: file.mimeType,
    sizeBytes: String(file.bytes.length),
    createTime: created,
    updateTime: created,
    expirationTime: new Date(file.createTime.getTime() + LIFETIME_MS).toISOString(),
    sha256Hash: Buffer.from(createHash("sha256").update(file.bytes).digest("hex")).toString("base64"),
    uri: `${baseUrl}/v1beta/files/${file.id}`,
    state: "ACTIVE",
    source: "UPLOADED",
  };
}

function fileNotFound(id: string): GeminiApiError {
  return new GeminiApiError(403, `You do not have permission to access the File ${id} or it may not exist.`);
}

export class FileStore {
  private files = new Map<string, StoredFile>();
  private uploads = new Map<string, PendingUpload>();

  clear(): void {
    this.files.clear();
    this.uploads.clear();
  }

  /** A file the caller may read, or the 403 the API gives for a missing or foreign one. */
  get(id: string, owner: string): StoredFile {
    const file = this.files.get(id);
    if (!file || file.owner !== owner || Date.now() > file.createTime.getTime() + LIFETIME_MS) throw fileNotFound(id);
    return file;
  }

  /** The file a `fileData.fileUri` names: `…/v1beta/files/{id}` (any host, as the SDK rewrites it) or `files/{id}`. */
  resolveUri(uri: string, owner: string): StoredFile {
    const match = /(?:^|\/)files\/([a-z0-9-]+)$/.exec(uri);
    if (!match) throw invalidArgument(`Invalid or unsupported file uri: ${uri}`);
    return this.get(match[1]!, owner);
  }

  /** Routes under /upload/v1beta/files and /v1beta/files; null when the path is not the Files API's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, owner: string): Promise<boolean> {
    const baseUrl = `http://${req.headers.host ?? "127.0.0.1"}`;
    if (url.pathname === "/upload/v1beta/files" && req.method === "POST") {
      const uploadId = url.searchParams.get("upload_id");
      if (uploadId === null) await this.start(req, res, baseUrl, owner);
      else await this.receive(req, res, uploadId, baseUrl, owner);
      return true;
    }
    if (url.pathname === "/v1beta/files" && req.method === "GET") {
      const mine = [...this.files.values()].filter((f) => f.owner === owner);
      sendJson(res, 200, mine.length ? { files: mine.map((f) => fileResource(f, baseUrl)) } : {});
      return true;
    }
    const one = /^\/v1beta\/files\/([^/:]+)$/.exec(url.pathname);
    if (!one) return false;
    const file = this.get(decodeURIComponent(one[1]!), owner);
    if (req.method === "GET") sendJson(res, 200, fileResource(file, baseUrl));
    else if (req.method === "DELETE") {
      this.files.delete(file.id);
      sendJson(res, 200, {});
    } else throw pathNotFound(url.pathname);
    return true;
  }

  private async start(req: IncomingMessage, res: ServerResponse, baseUrl: string, owner: string) {
    if (req.headers["x-goog-upload-protocol"] !== "resumable" || req.headers["x-goog-upload-command"] !== "start") {
      throw invalidArgument("Uploads must use the resumable protocol (X-Goog-Upload-Command: start).");
    }
    const raw = await readBody(req);
    const body = (raw.trim() ? parseJson(raw) : {}) as { file?: { displayName?: string; mimeType?: string } };
    const mimeType = body.file?.mimeType ?? String(req.headers["x-goog-upload-header-content-type"] ?? "");
    const declaredSize = Number(req.headers["x-goog-upload-header-content-length"] ?? NaN);
    if (!mimeType) throw invalidArgument("* CreateFileRequest.file.mime_type: mime_type must be specified.");
    if (!Number.isSafeInteger(declaredSize) || declaredSize <= 0) {
      throw invalidArgument("X-Goog-Upload-Header-Content-Length must be a positive number of bytes.");
    }
    if (declaredSize > MAX_FILE_BYTES) {
      throw invalidArgument(`File size ${declaredSize} exceeds the maximum of ${MAX_FILE_BYTES} bytes.`);
    }
    const id = randomBytes(16).toString("base64url");
    this.uploads.set(id, {
      owner,
      displayName: body.file?.displayName,
      mimeType,
      declaredSize,
      chunks: [],
      received: 0,
    });
    res.writeHead(200, {
      "x-goog-upload-status": "active",
      "x-goog-upload-url": `${baseUrl}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`,
      "x-goog-upload-control-url": `${baseUrl}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`,
      "x-goog-upload-chunk-granularity": String(CHUNK_GRANULARITY),
      "content-length": "0",
    });
    res.end();
  }

  private async receive(req: IncomingMessage, res: ServerResponse, uploadId: string, baseUrl: string, owner: string) {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.owner !== owner) throw new GeminiApiError(404, "Upload session not found.");
    const commands = String(req.headers["x-goog-upload-command"] ?? "")
      .split(",")
      .map((c) => c.trim());
    const offset = Number(req.headers["x-goog-upload-offset"] ?? NaN);
    const bytes = await readBytes(req, upload.declaredSize - upload.received);
    if (!commands.includes("upload")) throw invalidArgument("X-Goog-Upload-Command must include upload.");
    if (offset !== upload.received) {
      throw invalidArgument(`X-Goog-Upload-Offset ${offset} does not match the ${upload.received} bytes received.`);
    }
    upload.chunks.push(bytes);
    upload.received += bytes.length;
    if (!commands.includes("finalize")) {
      res.writeHead(200, { "x-goog-upload-status": "active", "content-length": "0" });
      res.end();
      return;
    }
    this.uploads.delete(uploadId);
    if (upload.received !== upload.declaredSize) {
      throw invalidArgument(`Received ${upload.received} bytes, but ${upload.declaredSize} were declared.`);
    }
    const file: StoredFile = {
      id: randomBytes(9).toString("hex").slice(0, 12),
      owner,
      displayName: upload.displayName,
      mimeType: upload.mimeType,
      bytes: Buffer.concat(upload.chunks),
      createTime: new Date(),
    };
    this.files.set(file.id, file);
    res.setHeader("x-goog-upload-status", "final");
    sendJson(res, 200, { file: fileResource(file, baseUrl) });
  }
}
