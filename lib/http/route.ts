// The one wrapper every route handler goes through: the same-origin check,
// identity, role and API key scope checks, input validation, error mapping and
// logging happen here, once. Handlers keep only their own logic and throw
// AppError for anything a caller should see.
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import { z, type ZodType } from "zod";
import { admitNewGuest } from "@/lib/auth/new-guest";
import { resolveCaller, type Caller, type Identity, type IdentityExtra, type Prove } from "@/lib/auth/identity";
import { requestIp } from "@/lib/auth/request-ip";
import { isDatabaseUnavailable, noteDatabaseUnavailable } from "@/lib/db/outage";
import { logger, traceFields } from "@/lib/log/logger";
import { checkAccess, type Access, type Credentials } from "./access";
import { AppError, toAppError, type Surface } from "./app-error";
import { databaseUnavailable } from "./db-unavailable";
import { parseInput, type NextCtx, type Parsed } from "./route-input";
import { checkSameOrigin } from "./same-origin";

export type { Access };

export interface Options<
  B extends ZodType | undefined,
  Q extends ZodType | undefined,
  PS extends ZodType | undefined,
  A extends Access,
  E extends IdentityExtra | undefined = undefined,
> {
  surface: Surface;
  /**
   * public: anyone; identified: any identity incl. guest (a POST from a newcomer
   * creates a guest); user: signed-in (not guest); admin.
   */
  access: A;
  /** The credentials it takes: by default a browser's (session or guest), an API key only with `apiKey`'s scope. */
  credentials?: Credentials;
  /** On a public route: still resolve the caller's identity (e.g. to tailor a page). */
  identify?: boolean;
  /** More of the caller's row to read with their identity (one round trip instead of two): the handler's `extra`. */
  identityExtra?: E;
  body?: B;
  query?: Q;
  /** The path's dynamic segments (e.g. `idParams`): a malformed one is a 400 before the handler runs. */
  params?: PS;
  maxBodyBytes?: number;
  /** Set by a wrapper around route() that starts on a remembered identity (remembered-route.ts), never by a route. */
  recall?: Recall<Parsed<Infer<B>, Infer<Q>, ParamsOf<PS>>>;
}

export type Infer<T> = T extends ZodType ? z.infer<T> : undefined;
export type ParamsOf<T> = T extends ZodType ? z.infer<T> : Record<string, string>;
/** Every access but public guarantees an identity by the time the handler runs. */
export type IdentityFor<A extends Access> = A extends "public" ? Identity | null : Identity;
/** What Options.identityExtra read, when the caller resolved (undefined without one). */
export type ExtraOf<E> = E extends IdentityExtra<infer T> ? T | undefined : undefined;

export interface RouteContext<B, Q, P, A extends Access = Access, X = undefined> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
  identity: IdentityFor<A>;
  extra: X;
  log: Logger;
}

/** The two points where a wrapper around route() starts on a remembered identity, and learns who the caller was. */
export interface Recall<I> {
  /** Before the identity is read: the answer made on a remembered one, or null to go on the usual way. */
  attempt(req: NextRequest, input: () => Promise<I>, log: Logger): Promise<Response | null>;
  /** After: who the request's credential resolved to, with its proof if it can be checked again. */
  resolved(req: NextRequest, identity: Identity | null, proved: Parameters<Prove> | undefined): void;
}

export function route<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  PS extends ZodType | undefined = undefined,
  A extends Access = Access,
  E extends IdentityExtra | undefined = undefined,
>(
  opts: Options<B, Q, PS, A, E>,
  handler: (ctx: RouteContext<Infer<B>, Infer<Q>, ParamsOf<PS>, A, ExtraOf<E>>) => Promise<Response> | Response,
) {
  type I = Parsed<Infer<B>, Infer<Q>, ParamsOf<PS>>;
  return async (req: NextRequest, nextCtx?: NextCtx): Promise<Response> => {
    const log = logger.child(traceFields(req.headers.get("x-cloud-trace-context")));
    // Read once: a request that first ran on a remembered identity reuses it (or its error).
    let parsed: Promise<I> | undefined;
    const input = () => (parsed ??= parseInput<Infer<B>, Infer<Q>, ParamsOf<PS>>(opts, req, nextCtx));
    // A guest made for this request: its cookie goes out with whatever is answered.
    let setCookie: string | undefined;
    try {
      checkSameOrigin(req, opts.surface);
      const early = await opts.recall?.attempt(req, input, log);
      if (early) return personal(early, opts);
      let caller = await identify(req, opts);
      if (caller === "newcomer") {
        // Only a valid request that passed the per-IP limit gets a guest row.
        await input();
        const guest = await admitNewGuest(requestIp(req), opts.identityExtra);
        caller = guest;
        setCookie = guest.setCookie;
      }
      checkAccess(opts, caller?.identity ?? null, req.headers.has("authorization"));
      // checkAccess() has refused a missing identity on every access but public.
      const ctx = {
        ...(await input()),
        identity: (caller?.identity ?? null) as IdentityFor<A>,
        extra: caller?.extra as ExtraOf<E>,
        log,
      };
      return personal(withCookie(await handler(ctx), setCookie), opts);
    } catch (err) {
      // The database unavailable is an outage, logged once by noteDatabaseUnavailable(), not a bug per request.
      if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
        noteDatabaseUnavailable(log, err);
        return withCookie(databaseUnavailable(opts.surface, err).toResponse(), setCookie);
      }
      const appErr = toAppError(err, opts.surface);
      const fields = { code: appErr.code, method: req.method, path: req.nextUrl.pathname };
      if (!(err instanceof AppError))
        log.error({ ...fields, err: err instanceof Error ? err : String(err) }, appErr.message);
      else if (appErr.status >= 500) log.warn({ ...fields, ...appErr.details }, appErr.message);
      else log.info(fields, appErr.message);
      return withCookie(appErr.toResponse(), setCookie);
    }
  };
}

function withCookie(res: Response, setCookie: string | undefined): Response {
  if (setCookie) res.headers.append("set-cookie", setCookie);
  return res;
}

/** What is answered to an identified caller is theirs alone: no shared or browser cache keeps it. */
function personal(res: Response, opts: { access: Access; identify?: boolean }): Response {
  if ((opts.access !== "public" || opts.identify) && !res.headers.has("cache-control"))
    res.headers.set("cache-control", "private, no-store");
  return res;
}

/**
 * Who is calling, or "newcomer" for a POST from one to an `identified` route (the
 * wrapper makes them a guest once their request proved valid). With `recall`,
 * it hears who the credential resolved to, and the proof to check it again by.
 */
async function identify<X>(
  req: NextRequest,
  opts: { access: Access; identify?: boolean; identityExtra?: IdentityExtra<X>; recall?: Recall<unknown> },
): Promise<Caller<X> | null | "newcomer"> {
  // Public routes skip identity unless asked, so liveness never touches the database.
  if (opts.access === "public" && !opts.identify) return null;
  let proved: Parameters<Prove> | undefined;
  const caller = await resolveCaller(req, opts.identityExtra, opts.recall ? (...args) => (proved = args) : undefined);
  opts.recall?.resolved(req, caller?.identity ?? null, proved);
  // A caller presenting a key that failed is refused, never turned into a guest.
  const newcomer =
    !caller && opts.access === "identified" && req.method === "POST" && !req.headers.has("authorization");
  return newcomer ? "newcomer" : caller;
}
