// The chat's route wrapper and remembered identities: a handler's work on one
// counts only once it says its proof passed; before that, whatever the handler
// makes or throws, the request runs again on the identity read afresh.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ProvisionalIdentity } from "@/lib/auth/identity-hints";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { rememberedRoute, type Kept } from "@/lib/http/remembered-route";
import { cookieHeaderFor } from "../helpers/auth";

interface Call {
  provisional: boolean;
  userId: string | undefined;
}

/** A route whose handler does `act` on each call and records what it was called with. */
function hinted(act: (p: ProvisionalIdentity | undefined, call: number) => Kept) {
  const calls: Call[] = [];
  const handler = rememberedRoute(
    { surface: "chat", access: "identified", body: z.object({ n: z.number() }) },
    async ({ identity, provisional }) => {
      calls.push({ provisional: !!provisional, userId: identity.userId });
      return act(provisional, calls.length);
    },
  );
  return { handler, calls };
}

/** The answer `{ n }`, proved if made on a remembered identity and `prove` says so. */
const answer = (p: ProvisionalIdentity | undefined, n: number, prove = true): Kept => ({
  confirmed: !!p && prove,
  answer: async () => Response.json({ n }),
});

const post = (cookie: string, body: unknown = { n: 1 }) =>
  new NextRequest("http://localhost/api/x", {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function guestCookie() {
  const user = await getDb().user.create({ data: { isGuest: true, tier: "guest" } });
  return { id: user.id, cookie: cookieHeaderFor(user.id) };
}

describe("rememberedRoute()", () => {
  it("keeps a confirmed answer: one call, on the remembered identity", async () => {
    const { id, cookie } = await guestCookie();
    const { handler, calls } = hinted((p, n) => answer(p, n));
    await handler(post(cookie)); // resolves the usual way and remembers
    const res = await handler(post(cookie));
    expect(await res.json()).toEqual({ n: 2 });
    expect(calls).toEqual([
      { provisional: false, userId: id },
      { provisional: true, userId: id },
    ]);
  });

  it("drops an answer made before confirming and runs again the usual way", async () => {
    const { id, cookie } = await guestCookie();
    const { handler, calls } = hinted((p, n) => answer(p, n, false));
    await handler(post(cookie));
    const res = await handler(post(cookie));
    expect(await res.json()).toEqual({ n: 3 });
    expect(calls.slice(1)).toEqual([
      { provisional: true, userId: id },
      { provisional: false, userId: id },
    ]);
  });

  it("runs again after an error before confirming, and answers the error of that run", async () => {
    const { cookie } = await guestCookie();
    const { handler, calls } = hinted((p, n) => {
      if (n === 1) return answer(p, n);
      throw new AppError("not_found:chat", `refused on call ${n}${p ? " (provisional)" : ""}`);
    });
    await handler(post(cookie));
    const res = await handler(post(cookie));
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe("refused on call 3");
    expect(calls.map((c) => c.provisional)).toEqual([false, true, false]);
  });

  it("answers an error made after confirming, without running again", async () => {
    const { cookie } = await guestCookie();
    const { handler, calls } = hinted((p, n) => {
      if (!p) return answer(p, n);
      return {
        confirmed: true,
        answer: async () => {
          throw new AppError("conflict:chat", "after the proof");
        },
      };
    });
    await handler(post(cookie));
    const res = await handler(post(cookie));
    expect(res.status).toBe(409);
    expect(calls).toHaveLength(2);
  });

  it("reads the body once: invalid input is refused as without the hint, the handler never called", async () => {
    const { cookie } = await guestCookie();
    const { handler, calls } = hinted((p, n) => answer(p, n));
    await handler(post(cookie));
    const res = await handler(post(cookie, { n: "not a number" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request:chat");
    expect(calls).toHaveLength(1);
  });

  it("forgets a credential that stopped resolving", async () => {
    const { id, cookie } = await guestCookie();
    // Never confirms: every provisional run is dropped and run again.
    const { handler, calls } = hinted((p, n) => answer(p, n, false));
    await handler(post(cookie));
    await getDb().user.delete({ where: { id } });
    const second = await handler(post(cookie));
    expect(second.headers.get("set-cookie")).toMatch(/^gc_guest=/); // a new guest, as without the hint
    await handler(post(cookie));
    expect(calls.map((c) => c.provisional)).toEqual([false, true, false, false]);
    expect(calls[2]!.userId).not.toBe(id);
  });
});
