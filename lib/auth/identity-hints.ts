// Who each credential resolved to last time, in this process, for a route whose
// first statement can check it again (chat: its admission). Such a route then
// starts on the remembered identity with no identity round trip of its own, and
// the proof (see IdentityProof) runs inside that statement: if the credential no
// longer makes this same identity, the statement takes nothing and the request
// is run again from the start, the usual way. Nothing is answered, stored or
// spent on a remembered identity before its proof has passed.
import type { Sql } from "@/lib/db/sql";
import type { Caller, Identity, IdentityExtra, IdentityProof } from "./identity";

const MAX_ENTRIES = 10_000;
// Only a bound on memory and on how old the remembered budget read may be: the
// proof, not the age, is what makes a remembered identity safe to act on.
const KEEP_MS = 10 * 60_000;

interface Remembered {
  identity: Identity;
  proof: IdentityProof;
  /** The identity's row, with any extra columns the route reads along with it. */
  row: unknown;
  /** The extra columns the row holds; recalled only for the same. */
  extra: IdentityExtra | undefined;
  at: number;
}

const memo = new Map<string, Remembered>();

/**
 * A remembered identity in use: unconfirmed until its proof has passed inside a
 * statement, which then says so in what it returns (the chat's admission).
 */
export interface ProvisionalIdentity {
  /** WITH queries ending in who(id); see IdentityProof. */
  proof: Sql;
}

/** Thrown where work on an unconfirmed identity has to stop: the request is run again the usual way. */
export class UnconfirmedIdentity extends Error {
  constructor(why: string) {
    super(`remembered identity not confirmed: ${why}`);
  }
}

export const hintCounts = { recalled: 0, confirmed: 0, rerun: 0 };

export function rememberIdentity(
  key: string,
  identity: Identity,
  proof: IdentityProof,
  row: unknown,
  extra?: IdentityExtra,
): void {
  memo.delete(key); // re-inserted last: the map's order is least recently remembered first
  memo.set(key, { identity, proof, row, extra, at: Date.now() });
  if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
}

export function forgetIdentity(key: string): void {
  memo.delete(key);
}

/**
 * The caller remembered under `key` (a copy of the identity, and what `extra`
 * reads from the row it came with), and its proof built now; null if there is
 * none still usable.
 */
export function recallIdentity<T>(
  key: string,
  extra?: IdentityExtra<T>,
): (Caller<T> & { provisional: ProvisionalIdentity }) | null {
  const entry = memo.get(key);
  if (!entry || entry.extra !== extra) return null;
  const now = Date.now();
  if (now - entry.at > KEEP_MS || now >= entry.proof.usableUntil) {
    memo.delete(key);
    return null;
  }
  hintCounts.recalled++;
  return {
    identity: { ...entry.identity },
    extra: extra?.read(entry.row, new Date(now)),
    provisional: { proof: entry.proof.ctes(new Date(now)) },
  };
}
