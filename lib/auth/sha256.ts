// One-way hashes of secrets and addresses (API keys, credential keys, CSRF checks, rate-limit keys).
import { createHash } from "node:crypto";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
