// What an attached file is, read from its bytes (magic numbers), never from its
// name or the type the browser declared: PNG, JPEG, WebP and HEIC images, PDFs,
// and text (valid UTF-8 without NUL bytes: plain text, markdown, CSV, code). A
// name whose extension promises another kind than the content is refused, so a
// text file renamed ".png" is not sent as a picture.
import { AppError } from "@/lib/http/app-error";

export type AttachmentKind = "image" | "pdf" | "text";

export interface Detected {
  kind: AttachmentKind;
  mimeType: string;
  /** PDFs: the page count from the page tree. */
  pages: number | null;
}

const IMAGE_EXT = /\.(png|jpe?g|webp|heic|heif|gif|bmp|tiff?)$/i;
const PDF_EXT = /\.pdf$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function imageType(b: Buffer): string | null {
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return "image/webp";
  if (b.length >= 12 && b.toString("latin1", 4, 8) === "ftyp") {
    const brand = b.toString("latin1", 8, 12);
    if (/^(heic|heix|heim|heis)$/.test(brand)) return "image/heic";
    if (/^(mif1|msf1|heif)$/.test(brand)) return "image/heif";
  }
  return null;
}

/** Pages of a PDF: the largest /Count of its page tree nodes (the root's is the total). */
export function pdfPageCount(b: Buffer): number {
  let pages = 0;
  for (const m of b
    .toString("latin1")
    .matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g))
    pages = Math.max(pages, Number(m[1] ?? m[2]));
  return pages;
}

function isText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  try {
    utf8.decode(b);
    return true;
  } catch {
    return false;
  }
}

const TEXT_TYPES: Record<string, string> = {
  md: "text/markdown",
  csv: "text/csv",
  html: "text/html",
  json: "application/json",
};

/** The attachment's kind from its content, or the 415 that explains why it cannot be sent. */
export function detectKind(name: string, bytes: Buffer): Detected {
  const image = imageType(bytes);
  const pdf = bytes.toString("latin1", 0, 5) === "%PDF-";
  const refuse = (what: string) =>
    new AppError("unsupported_media:attachment", `${name} ${what}`, { details: { name } });
  if (IMAGE_EXT.test(name) && !image) throw refuse("is not a PNG, JPEG, WebP or HEIC image, whatever its name says.");
  if (PDF_EXT.test(name) && !pdf) throw refuse("is not a PDF, whatever its name says.");
  if (image) return { kind: "image", mimeType: image, pages: null };
  if (pdf) {
    const pages = pdfPageCount(bytes);
    if (pages === 0) throw refuse("is a PDF without pages (or a damaged one).");
    return { kind: "pdf", mimeType: "application/pdf", pages };
  }
  if (bytes.length > 0 && isText(bytes)) {
    const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
    return { kind: "text", mimeType: TEXT_TYPES[ext] ?? "text/plain", pages: null };
  }
  throw refuse("is not a kind of file the chat can read: attach images (PNG, JPEG, WebP, HEIC), PDFs or text files.");
}
