// The memo of remembered identities: what it hands back, and when it stops.
import { describe, expect, it } from "vitest";
import type { Identity, IdentityExtra, IdentityProof } from "@/lib/auth/identity";
import { forgetIdentity, recallIdentity, rememberIdentity } from "@/lib/auth/identity-hints";
import { sql } from "@/lib/db/sql";

const identity = (userId: string): Identity => ({ userId, role: "user", tier: "pro", isGuest: false, via: "guest" });

function proof(usableUntil = Infinity): IdentityProof & { at: Date[] } {
  const at: Date[] = [];
  return {
    at,
    usableUntil,
    ctes: (now) => {
      at.push(now);
      return sql`who AS (SELECT ${"u"}::text AS id)`;
    },
  };
}

describe("identity hints", () => {
  it("hands back a copy of the identity, what the route's extra reads from the row, and a proof built now", () => {
    const extra: IdentityExtra<string> = { columns: () => sql``, read: (row) => `read ${JSON.stringify(row)}` };
    const p = proof();
    const original = identity("a");
    rememberIdentity("key-a", original, p, { budget: 1 }, extra);
    const before = Date.now();
    const recalled = recallIdentity("key-a", extra)!;
    expect(recalled.identity).toEqual(original);
    expect(recalled.identity).not.toBe(original);
    expect(recalled.extra).toBe('read {"budget":1}');
    expect(p.at[0]!.getTime()).toBeGreaterThanOrEqual(before);
    // Each recall is its own request: a new object and a new proof.
    expect(recallIdentity("key-a", extra)!.identity).not.toBe(recalled.identity);
  });

  it("hands a row back only to a route that reads the same extra columns", () => {
    const extra: IdentityExtra = { columns: () => sql``, read: () => undefined };
    rememberIdentity("key-x", identity("x"), proof(), { budget: 1 }, extra);
    expect(recallIdentity("key-x")).toBeNull();
    expect(recallIdentity("key-x", { ...extra })).toBeNull();
    expect(recallIdentity("key-x", extra)?.identity.userId).toBe("x");
  });

  it("forgets on request, and never hands back a proof past its use-by time", () => {
    rememberIdentity("key-b", identity("b"), proof(), null);
    forgetIdentity("key-b");
    expect(recallIdentity("key-b")).toBeNull();
    rememberIdentity("key-c", identity("c"), proof(Date.now() - 1), null);
    expect(recallIdentity("key-c")).toBeNull();
    expect(recallIdentity("never-remembered")).toBeNull();
  });

  it("keeps at most 10,000 credentials, dropping the least recently remembered", () => {
    rememberIdentity("first", identity("first"), proof(), null);
    rememberIdentity("second", identity("second"), proof(), null);
    for (let i = 0; i < 9_998; i++) rememberIdentity(`filler-${i}`, identity(`f${i}`), proof(), null);
    rememberIdentity("first", identity("first"), proof(), null); // remembered again: now the newest
    rememberIdentity("one-more", identity("x"), proof(), null);
    expect(recallIdentity("second")).toBeNull();
    expect(recallIdentity("first")?.identity.userId).toBe("first");
    expect(recallIdentity("one-more")?.identity.userId).toBe("x");
  });
});
