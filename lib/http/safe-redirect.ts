// The one check every redirect target goes through (sign-in's callbackUrl,
// next-auth's redirect callback, ...): only a path on this site comes out, so
// no link of ours can be made to send someone to another site. Browsers read
// "\" as "/" and drop tabs and newlines inside URLs, so "/\evil.example" and
// "/\t/evil.example" mean "//evil.example": anything with a backslash, a control
// character or whitespace is refused outright, not repaired.
import { env } from "@/lib/config/env";

const MAX_LENGTH = 2_048;

/**
 * `target` as a same-origin path (pathname, search and hash), or `fallback`.
 * Accepts a path ("/chat?x=1") or an absolute URL on this app's origin (what
 * next-auth's client sends); never a host, another origin or a protocol-relative URL.
 */
export function safeRedirectPath(target: unknown, fallback = "/chat"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_LENGTH) return fallback;
  if (/[\\\s\u0000-\u001f\u007f]/.test(target) || !target.isWellFormed()) return fallback;
  const origin = new URL(env().APP_URL).origin;
  const isPath = target.startsWith("/") && !target.startsWith("//");
  if (!isPath && !target.startsWith(`${origin}/`) && target !== origin) return fallback;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The same check, as the absolute URL next-auth's redirect callback must return. */
export function safeRedirectUrl(target: unknown, fallback = "/chat"): string {
  return `${new URL(env().APP_URL).origin}${safeRedirectPath(target, fallback)}`;
}
