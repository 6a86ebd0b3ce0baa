// Where a folder of server data lives when the environment names none: under the
// OS temp dir, one per database, so a server never mixes data of another one.
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { env } from "./env";

export function perDatabaseTmpDir(name: string): string {
  const db = createHash("sha256").update(env().DATABASE_URL).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), name, db);
}
