// API key secrets: random, shown once, stored only as a sha256 hash. The prefix
// is kept in clear so a user can tell keys apart in a list.
import crypto from "node:crypto";
import { sha256Hex } from "./sha256";

const KEY_PREFIX = "gck_";
const SHOWN_PREFIX_LENGTH = 12;

export function newApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = `${KEY_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return sha256Hex(secret);
}

export function bearerToken(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}
