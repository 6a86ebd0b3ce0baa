// HMAC-signed cookie values: the client holds the value but cannot forge one.
import crypto from "node:crypto";
import { env } from "@/lib/config/env";

export function authSecret(): string {
  const s = env().AUTH_SECRET;
  if (s) return s;
  if (env().NODE_ENV === "production") throw new Error("AUTH_SECRET is required in production");
  return "development-only-secret-not-for-production-use";
}

function mac(value: string): string {
  return crypto.createHmac("sha256", authSecret()).update(value).digest("base64url");
}

export function sign(value: string): string {
  return `${value}.${mac(value)}`;
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function verify(signed: string | undefined | null): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return sameSecret(signed.slice(dot + 1), mac(value)) ? value : null;
}
