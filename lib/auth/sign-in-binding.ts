// A sign-in link works only in the browser that asked for it. Without this, an
// attacker could ask for a link to their own address and get someone (say, a
// guest with chats) to open it: that browser would be signed in as the attacker,
// and the guest's chats merged into the attacker's account.
//
// The browser is told by next-auth's CSRF cookie: asking for a link already
// requires it (double submit), it is HttpOnly (and __Host- over https), and the
// same browser sends it when the link is opened. The link's row keeps a hash of
// it; opening the link elsewhere finds the row but not the binding, and nothing
// is used up. Using a link deletes every other link of that address.
import type { VerificationToken } from "next-auth/adapters";
import { getDb } from "@/lib/db/client";
import { query } from "@/lib/db/sql";
import { csrfCookieName } from "./session-cookie";
import { sha256Hex } from "./sha256";
import { linkBinding, linkUse } from "./statements";
import { authSecret } from "./signed-value";

export type ReadCookie = (name: string) => string | undefined;

/** The binding of the browser that sent these cookies; null without a CSRF cookie. */
export function browserBinding(read: ReadCookie): string | null {
  const token = read(csrfCookieName())?.split("|")[0];
  return token ? sha256Hex(`sign-in-binding:${token}`) : null;
}

/** The link's token as next-auth stores it (sha256 of token + secret). */
export function storedLinkToken(token: string): string {
  return sha256Hex(`${token}${authSecret()}`);
}

/** Adapter methods for magic links, bound to the browser of the current request. */
export function boundLinks(currentBinding: () => Promise<string | null>) {
  return {
    async createVerificationToken(t: VerificationToken): Promise<VerificationToken> {
      const binding = await currentBinding();
      // next-auth asks for a link only after its CSRF check, so this is a bug, not a caller's error.
      if (!binding) throw new Error("sign-in link asked for without a CSRF cookie");
      const row = await getDb().verificationToken.create({ data: { ...t, binding } });
      return { identifier: row.identifier, token: row.token, expires: row.expires };
    },

    async useVerificationToken(t: { identifier: string; token: string }): Promise<VerificationToken | null> {
      const binding = await currentBinding();
      if (!binding) return null;
      // One statement: the link is used only with its binding, and its address's other links go with it.
      const [used] = await query<VerificationToken>(linkUse(t.identifier, t.token, binding));
      return used ?? null;
    },
  };
}

/** Whether this link exists but was asked for in another browser (it is then left unused). */
export async function linkAskedElsewhere(token: string, binding: string | null): Promise<boolean> {
  const [row] = await query<{ binding: string | null }>(linkBinding(storedLinkToken(token)));
  return row !== undefined && row.binding !== binding;
}
