// route() for a handler whose first statement can prove the caller again (chat:
// its admission). The request starts on who the caller's credential resolved to
// last time (identity-hints.ts), with no identity round trip of its own, and the
// handler says whether its proof passed. Until then nothing it did counts: if it
// throws, or answers unproved, the request runs again the usual way, once.
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import type { ZodType } from "zod";
import { credentialKey, type IdentityExtra } from "@/lib/auth/identity";
import {
  forgetIdentity,
  hintCounts,
  recallIdentity,
  rememberIdentity,
  UnconfirmedIdentity,
  type ProvisionalIdentity,
} from "@/lib/auth/identity-hints";
import { checkAccess, type Access } from "./access";
import { AppError } from "./app-error";
import {
  route,
  type ExtraOf,
  type IdentityFor,
  type Infer,
  type Options,
  type ParamsOf,
  type RouteContext,
} from "./route";

/** What the handler made: whether a remembered identity was proved, and the answer to give once it is. */
export interface Kept {
  /** True once a `provisional` identity's proof passed (always false without one). */
  confirmed: boolean;
  /** The response; called only on a proved identity or the usual run, so what it throws is answered. */
  answer: () => Promise<Response>;
}

export type RememberedContext<B, Q, P, A extends Access, X> = RouteContext<B, Q, P, A, X> & {
  /** Set when `identity` is a remembered one, still to be proved. */
  provisional?: ProvisionalIdentity;
};

export function rememberedRoute<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  PS extends ZodType | undefined = undefined,
  A extends Access = Access,
  E extends IdentityExtra | undefined = undefined,
>(
  opts: Omit<Options<B, Q, PS, A, E>, "recall">,
  handler: (ctx: RememberedContext<Infer<B>, Infer<Q>, ParamsOf<PS>, A, ExtraOf<E>>) => Promise<Kept>,
) {
  return route<B, Q, PS, A, E>(
    {
      ...opts,
      recall: {
        async attempt(req, input, log) {
          const key = credentialKey(req);
          const recalled = key ? recallIdentity(key, opts.identityExtra) : null;
          if (!recalled) return null;
          const { identity, extra, provisional } = recalled;
          return keptIfConfirmed(log, req, async () => {
            checkAccess(opts, identity);
            const ctx = { ...(await input()), identity: identity as IdentityFor<A>, extra: extra as ExtraOf<E> };
            return handler({ ...ctx, provisional, log });
          });
        },
        resolved(req, identity, proved) {
          const key = credentialKey(req);
          if (!key) return;
          if (identity && proved) rememberIdentity(key, identity, ...proved, opts.identityExtra);
          else forgetIdentity(key);
        },
      },
    },
    async (ctx) => (await handler(ctx)).answer(),
  );
}

/**
 * The answer made on a remembered identity if its proof passed, else null (what
 * the handler threw or made before then is dropped) so the usual run follows.
 */
async function keptIfConfirmed(log: Logger, req: NextRequest, run: () => Promise<Kept>): Promise<Response | null> {
  let kept: Kept | null = null;
  try {
    kept = await run();
  } catch (err) {
    // Refusals are answered by the usual run; anything else is worth knowing about.
    if (!(err instanceof UnconfirmedIdentity) && !(err instanceof AppError))
      log.warn({ err, path: req.nextUrl.pathname }, "failed on a remembered identity; running again");
  }
  if (kept?.confirmed) {
    hintCounts.confirmed++;
    return kept.answer();
  }
  // A handler must not finish without the proof; if one did, its work is dropped.
  if (kept) log.error({ path: req.nextUrl.pathname }, "finished on an unconfirmed identity; running again");
  hintCounts.rerun++;
  return null;
}
