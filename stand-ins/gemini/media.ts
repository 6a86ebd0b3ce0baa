// Media parts of a prompt (`inlineData` bytes or a `fileData` reference to an
// uploaded file) as the real API reads them: the MIME type must be one it
// accepts, the bytes must decode as that kind of media, and each part is
// counted in its own modality (promptTokensDetails: TEXT, IMAGE, DOCUMENT).
// Text files are read as text and counted by the tokenizer; an image costs a
// fixed number of tokens at the default media resolution, a PDF so many per
// page. Audio and video are accepted by the real API but not emulated.
import { invalidArgument } from "./errors";
import type { FileStore } from "./files";
import { tokens } from "./tokens";

export type Modality = "TEXT" | "IMAGE" | "DOCUMENT";

/** Tokens per image at the default media resolution of the Gemini 3 models. */
export const IMAGE_TOKENS = 1_120;
/** Tokens per PDF page at the default media resolution of the Gemini 3 models. */
export const PDF_PAGE_TOKENS = 560;

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]);
const TEXT_TYPES = new Set([
  "text/plain",
  "text/markdown",
  "text/csv",
  "text/html",
  "text/css",
  "text/xml",
  "text/rtf",
  "text/javascript",
  "text/x-typescript",
  "text/x-python",
  "application/json",
  "application/x-javascript",
  "application/x-typescript",
  "application/x-python-code",
]);
const NOT_EMULATED = /^(audio|video)\//;

export interface MediaCount {
  modality: Modality;
  tokens: number;
}

/** The API's answer for a type it does not read (python-genai#744: "Unsupported MIME type: application/cu-seeme"). */
function unsupported(mimeType: string) {
  return invalidArgument(`Unsupported MIME type: ${mimeType}`);
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
export function pdfPages(bytes: Buffer): number {
  if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return 0;
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** Whether the bytes are an image of a format the API decodes (by signature, not by the declared type). */
export function isDecodableImage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 12);
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return true;
  if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP")
    return true;
  return (
    head.subarray(4, 8).toString("latin1") === "ftyp" &&
    /^(heic|heix|heim|heis|hevc|mif1|msf1)$/.test(head.subarray(8, 12).toString("latin1"))
  );
}

/** One media part's count, or the 400 the API answers for it. */
export function countMedia(mimeType: string, bytes: Buffer): MediaCount {
  const type = mimeType.toLowerCase().split(";")[0]!.trim();
  if (IMAGE_TYPES.has(type)) {
    if (!isDecodableImage(bytes))
      throw invalidArgument(
        "Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
      );
    return { modality: "IMAGE", tokens: IMAGE_TOKENS };
  }
  if (type === "application/pdf") {
    const pages = pdfPages(bytes);
    if (pages === 0) throw invalidArgument("The document has no pages.");
    return { modality: "DOCUMENT", tokens: pages * PDF_PAGE_TOKENS };
  }
  if (TEXT_TYPES.has(type)) return { modality: "TEXT", tokens: tokens.countText(bytes.toString("utf8")) };
  if (NOT_EMULATED.test(type)) {
    throw invalidArgument(`The Gemini emulator does not decode ${type}; audio and video are not emulated.`);
  }
  throw unsupported(type);
}

interface MediaPart {
  inlineData?: { mimeType?: string; data?: string };
  fileData?: { mimeType?: string; fileUri?: string };
}

/** A part's media count, or null for a part that is not media. */
export function mediaPartCount(part: MediaPart, files: FileStore, owner: string): MediaCount | null {
  if (part.inlineData) {
    const { mimeType, data } = part.inlineData;
    if (!mimeType)
      throw invalidArgument(
        "* GenerateContentRequest.contents.parts.inline_data.mime_type: mime_type must be specified.",
      );
    if (typeof data !== "string" || data === "") {
      throw invalidArgument("* GenerateContentRequest.contents.parts.inline_data.data: data must not be empty.");
    }
    return countMedia(mimeType, Buffer.from(data, "base64"));
  }
  if (part.fileData) {
    const { fileUri, mimeType } = part.fileData;
    if (!fileUri)
      throw invalidArgument("* GenerateContentRequest.contents.parts.file_data.file_uri: file_uri must be specified.");
    const file = files.resolveUri(fileUri, owner);
    return countMedia(mimeType ?? file.mimeType, file.bytes);
  }
  return null;
}
