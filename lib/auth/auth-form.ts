// What next-auth's POST handlers are given: the body is read here first, capped
// (lib/http/body.ts), and only a form of plain string fields goes on, so a huge,
// unreadable or oddly typed body is the caller's error and never reaches
// next-auth (whose own reading would buffer anything and fail with a 500).
import { NextRequest } from "next/server";
import { readBodyText } from "@/lib/http/body";

/** Sign-in forms are a handful of short fields. */
export const MAX_AUTH_BODY_BYTES = 16_000;

export type AuthForm = Record<string, string>;

/** The fields as next-auth would read them (JSON or urlencoded); null when one is not a scalar, or the body is unreadable. */
function fieldsOf(type: string, text: string): AuthForm | null {
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      return null;
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) return null;
    // next-auth reads scalars as their text (its own client sends `json: true`);
    // an object, an array or null in a field is what made it fail with a 500.
    const entries = Object.entries(body as Record<string, unknown>);
    const scalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
    return entries.every(([, v]) => scalar(v)) ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : null;
  }
  // next-auth reads no body of any other type: it finds no fields and refuses.
  if (!type.includes("application/x-www-form-urlencoded")) return {};
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * Reads a POST's body (throws payload_too_large past the cap) and returns its
 * fields, plus the request to hand next-auth: the same request (at `url`) with
 * those fields as its (already read) urlencoded body.
 */
export async function readAuthForm(
  req: NextRequest,
  url: URL = req.nextUrl,
): Promise<{ fields: AuthForm | null; forward: NextRequest }> {
  const text = await readBodyText(req, MAX_AUTH_BODY_BYTES, "auth");
  const fields = fieldsOf(req.headers.get("content-type") ?? "", text);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  headers.set("content-type", "application/x-www-form-urlencoded");
  const forward = new NextRequest(url, {
    method: req.method,
    headers,
    body: new URLSearchParams(fields ?? {}).toString(),
  });
  return { fields, forward };
}
