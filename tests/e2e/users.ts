// Accounts for end-to-end tests, made straight in the e2e server's database: a
// user row of any tier and a real next-auth database session for the browser.
import crypto from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import pg from "pg";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { E2E } from "./env";

export async function withDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** A signed-in user of `tier`, with the session cookie set in `context` (for `appUrl`). */
export async function signedInUser(
  context: BrowserContext,
  opts: { tier?: string; preferences?: Record<string, unknown>; appUrl?: string } = {},
): Promise<{ id: string; email: string }> {
  const id = `e2e-${crypto.randomUUID()}`;
  const email = `${id}@example.test`;
  const token = crypto.randomUUID();
  await withDb(async (db) => {
    await db.query(
      `INSERT INTO users (id, email, tier, is_guest, email_verified, preferences, updated_at)
       VALUES ($1, $2, $3, false, now(), $4, now())`,
      [id, email, opts.tier ?? "free", JSON.stringify(opts.preferences ?? {})],
    );
    await db.query(`INSERT INTO sessions (id, session_token, user_id, expires) VALUES ($1, $2, $3, $4)`, [
      crypto.randomUUID(),
      token,
      id,
      // Issued now, as next-auth does: expires one session lifetime (7 days) ahead.
      new Date(Date.now() + 7 * 86_400_000),
    ]);
  });
  await context.addCookies([{ name: "next-auth.session-token", value: token, url: opts.appUrl ?? E2E.appUrl }]);
  return { id, email };
}

/** The owner of a conversation (for a guest, the row the guest cookie stands for). */
export async function ownerOf(conversationId: string): Promise<string> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ user_id: string }>(`SELECT user_id FROM conversations WHERE id = $1`, [
      conversationId,
    ]);
    if (!rows[0]) throw new Error(`no conversation ${conversationId}`);
    return rows[0].user_id;
  });
}
