// The one wrapper every route handler goes through: the same-origin check,
// identity, role and API key scope checks, input validation, error mapping and
// logging happen here, once. Handlers keep only their own logic and throw
// AppError for anything a caller should see.
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import { z, type ZodType } from "zod";
import type { ApiKeyScope } from "@/lib/auth/api-key-scopes";
import { admitNewGuest } from "@/lib/auth/new-guest";
import { credentialKey, resolveIdentity, type Identity, type IdentityExtra, type Prove } from "@/lib/auth/identity";
import {
  forgetIdentity,
  hintCounts,
  recallIdentity,
  rememberIdentity,
  UnconfirmedIdentity,
  type ProvisionalIdentity,
} from "@/lib/auth/identity-hints";
import { requestIp } from "@/lib/auth/request-ip";
import { isDatabaseUnavailable, noteDatabaseUnavailable } from "@/lib/db/outage";
import { logger, traceFields } from "@/lib/log/logger";
import { AppError, toAppError, type Surface } from "./app-error";
import { databaseUnavailable } from "./db-unavailable";
import { parseInput, type NextCtx, type Parsed } from "./route-input";
import { checkSameOrigin } from "./same-origin";

export type Access = "public" | "identified" | "user" | "admin";

interface Options<
  B extends ZodType | undefined,
  Q extends ZodType | undefined,
  PS extends ZodType | undefined,
  A extends Access,
> {
  surface: Surface;
  /**
   * public: anyone; identified: any identity incl. guest (a POST from a newcomer
   * creates a guest); user: signed-in (not guest); admin.
   */
  access: A;
  /**
   * The scope an API key needs to call this route (lib/auth/api-key-scopes.ts).
   * Without it, a request with an API key is refused: keys reach only what names them.
   */
  apiKeyScope?: ApiKeyScope;
  /** On a public route: still resolve the caller's identity (e.g. to tailor a page). */
  identify?: boolean;
  /** More of the caller's row to read with their identity (one round trip instead of two). */
  identityExtra?: IdentityExtra;
  body?: B;
  query?: Q;
  /** The path's dynamic segments (e.g. `idParams`): a malformed one is a 400 before the handler runs. */
  params?: PS;
  maxBodyBytes?: number;
  /**
   * Start on the identity the caller's credential resolved to last time (see
   * identity-hints.ts), saving the identity round trip. The handler gets
   * `provisional` and must have its proof checked (inside a statement that
   * takes nothing otherwise) before anything that cannot be undone; whatever it
   * throws before then, the request runs again the usual way.
   */
  identityHint?: boolean;
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;
type ParamsOf<T> = T extends ZodType ? z.infer<T> : Record<string, string>;
/** Every access but public guarantees an identity by the time the handler runs. */
type IdentityFor<A extends Access> = A extends "public" ? Identity | null : Identity;

export interface RouteContext<B, Q, P, A extends Access = Access> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
  identity: IdentityFor<A>;
  /** Set when `identity` is a remembered one (Options.identityHint) still to be confirmed. */
  provisional?: ProvisionalIdentity;
  log: Logger;
}

export function route<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  PS extends ZodType | undefined = undefined,
  A extends Access = Access,
>(
  opts: Options<B, Q, PS, A>,
  handler: (ctx: RouteContext<Infer<B>, Infer<Q>, ParamsOf<PS>, A>) => Promise<Response> | Response,
) {
  type P = ParamsOf<PS>;
  // checkAccess() has refused a missing identity on every access but public.
  const run = (
    ctx: Parsed<Infer<B>, Infer<Q>, P>,
    identity: Identity | null,
    log: Logger,
    provisional?: ProvisionalIdentity,
  ) => handler({ ...ctx, identity: identity as IdentityFor<A>, ...(provisional ? { provisional } : {}), log });
  return async (req: NextRequest, nextCtx?: NextCtx): Promise<Response> => {
    const log = logger.child(traceFields(req.headers.get("x-cloud-trace-context")));
    // Read once: a request run again after an unconfirmed start reuses it (or its error).
    let parsed: Promise<Parsed<Infer<B>, Infer<Q>, P>> | undefined;
    const input = () => (parsed ??= parseInput<Infer<B>, Infer<Q>, P>(opts, req, nextCtx));
    // A guest made for this request: its cookie goes out with whatever is answered.
    let setCookie: string | undefined;
    try {
      checkSameOrigin(req, opts.surface);
      const key = opts.identityHint ? credentialKey(req) : null;
      const recalled = key ? recallIdentity(key, opts.identityExtra) : null;
      if (recalled) {
        const { identity, provisional } = recalled;
        const res = await keptIfConfirmed(provisional, log, req, async () => {
          checkAccess(opts, identity);
          return run(await input(), identity, log, provisional);
        });
        if (res) return personal(res, opts);
      }
      const caller = await identify(req, opts, key);
      let identity = caller.identity;
      if (caller.newcomer) {
        // Only a valid request that passed the per-IP limit gets a guest row.
        await input();
        const guest = await admitNewGuest(requestIp(req), opts.identityExtra);
        identity = guest.identity;
        setCookie = guest.setCookie;
      }
      checkAccess(opts, identity, req.headers.has("authorization"));
      return personal(withCookie(await run(await input(), identity, log), setCookie), opts);
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
 * Runs a handler on a remembered identity: its answer or error if the proof
 * passed, else null (whatever it answered or threw before then is dropped) so
 * the request runs again the usual way.
 */
async function keptIfConfirmed(
  provisional: ProvisionalIdentity,
  log: Logger,
  req: NextRequest,
  run: () => Promise<Response>,
): Promise<Response | null> {
  try {
    const res = await run();
    if (provisional.confirmed) {
      hintCounts.confirmed++;
      return res;
    }
    // A handler must not answer before the proof; if one did, its answer is dropped.
    await res.body?.cancel();
    log.error({ path: req.nextUrl.pathname }, "answered on an unconfirmed identity; running again");
  } catch (err) {
    if (provisional.confirmed) throw err;
    // Refusals are answered by the usual run; anything else is worth knowing about.
    if (!(err instanceof UnconfirmedIdentity) && !(err instanceof AppError))
      log.warn({ err, path: req.nextUrl.pathname }, "failed on a remembered identity; running again");
  }
  hintCounts.rerun++;
  return null;
}

/**
 * Who is calling; a POST from a newcomer to an `identified` route is marked
 * `newcomer` (the wrapper makes them a guest once their request proved valid).
 * With `key`, what the credential resolved to is remembered under it (or
 * forgotten, when it no longer resolves by itself).
 */
async function identify(
  req: NextRequest,
  opts: { access: Access; identify?: boolean; identityExtra?: IdentityExtra },
  key: string | null,
): Promise<{ identity: Identity | null; newcomer?: boolean }> {
  // Public routes skip identity unless asked, so liveness never touches the database.
  if (opts.access === "public" && !opts.identify) return { identity: null };
  let proved: Parameters<Prove> | undefined;
  const identity = await resolveIdentity(req, opts.identityExtra, key ? (...args) => (proved = args) : undefined);
  if (key && identity && proved) rememberIdentity(key, identity, ...proved, opts.identityExtra);
  else if (key) forgetIdentity(key);
  // A caller presenting a key that failed is refused, never turned into a guest.
  const newcomer =
    !identity && opts.access === "identified" && req.method === "POST" && !req.headers.has("authorization");
  return { identity, newcomer };
}

function checkAccess(
  opts: { access: Access; surface: Surface; apiKeyScope?: ApiKeyScope },
  identity: Identity | null,
  withKey = false,
) {
  const { access, surface } = opts;
  if (identity?.via === "api_key" && !(opts.apiKeyScope && identity.scopes?.includes(opts.apiKeyScope))) {
    throw new AppError(
      `forbidden:${surface}`,
      opts.apiKeyScope
        ? `This API key lacks the "${opts.apiKeyScope}" scope.`
        : "API keys cannot be used here; use a signed-in browser.",
    );
  }
  if (access === "public") return;
  // A key that resolved to nobody is wrong or revoked: signing in would not help a script.
  if (!identity && withKey)
    throw new AppError(
      `unauthorized:${surface}`,
      "This API key is not valid: it was revoked or mistyped. Create a new one on your account page.",
    );
  if (!identity) throw new AppError(`unauthorized:${surface}`, "Sign in to continue.");
  if (access === "user" && identity.isGuest) {
    throw new AppError(`unauthorized:${surface}`, "Create a free account to use this.");
  }
  if (access === "admin" && identity.role !== "admin") {
    throw new AppError(`forbidden:${surface}`, "This needs an administrator account.");
  }
}
