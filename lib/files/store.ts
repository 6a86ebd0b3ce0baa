// Where attached files' bytes live: one folder, the only storage interface the
// app has. Offline it is a folder on disk; in production every instance mounts
// the same private Cloud Storage bucket there (terraform/attachments.tf), so a
// file uploaded to one instance is served by any other. Writes go to tmp/ and
// are renamed into place, so a reader never sees half a file (the bucket's
// lifecycle removes what a crash leaves in tmp/).
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { perDatabaseTmpDir } from "@/lib/config/local-dir";

export function attachmentsDir(): string {
  return env().ATTACHMENTS_DIR ?? perDatabaseTmpDir("gemini-chat-attachments");
}

/** A storage key is `users/<userId>/<attachmentId>`; nothing else is ever written. */
export function storageKey(userId: string, attachmentId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_");
  return `users/${safe(userId)}/${safe(attachmentId)}`;
}

const full = (key: string) => path.join(attachmentsDir(), ...key.split("/"));

export async function putObject(key: string, bytes: Buffer): Promise<void> {
  const tmp = path.join(attachmentsDir(), "tmp", randomUUID());
  await fs.mkdir(path.dirname(tmp), { recursive: true });
  await fs.writeFile(tmp, bytes, { flush: true });
  await fs.mkdir(path.dirname(full(key)), { recursive: true });
  await fs.rename(tmp, full(key));
}

export async function readObject(key: string): Promise<Buffer | null> {
  return fs.readFile(full(key)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
}

export async function objectExists(key: string): Promise<boolean> {
  return fs.stat(full(key)).then(
    () => true,
    () => false,
  );
}

/** Removes objects; one already gone is not an error. */
export async function deleteObjects(keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => fs.rm(full(key), { force: true })));
}

/** Removes everything stored for a user (account deletion). */
export async function deleteUserObjects(userId: string): Promise<void> {
  await fs.rm(path.dirname(full(storageKey(userId, "x"))), { recursive: true, force: true });
}
