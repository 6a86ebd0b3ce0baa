// The one wrapper every route handler goes through: identity, role check, input
// validation, error mapping and logging happen here, once. Handlers keep only
// their own logic and throw AppError for anything a caller should see.
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import { z, type ZodType } from "zod";
import { createGuestUser } from "@/lib/auth/guest";
import {
  credentialKey,
  loadIdentity,
  resolveIdentity,
  type Identity,
  type IdentityExtra,
  type Prove,
} from "@/lib/auth/identity";
import {
  forgetIdentity,
  hintCounts,
  recallIdentity,
  rememberIdentity,
  UnconfirmedIdentity,
  type ProvisionalIdentity,
} from "@/lib/auth/identity-hints";
import { isDatabaseUnavailable, noteDatabaseUnavailable } from "@/lib/db/outage";
import { logger, traceFields } from "@/lib/log/logger";
import { AppError, toAppError, type Surface } from "./app-error";
import { readJsonBody } from "./body";
import { databaseUnavailable } from "./db-unavailable";

export type Access = "public" | "identified" | "user" | "admin";

interface Options<B extends ZodType | undefined, Q extends ZodType | undefined> {
  surface: Surface;
  /**
   * public: anyone; identified: any identity incl. guest (a POST from a newcomer
   * creates a guest); user: signed-in (not guest); admin.
   */
  access: Access;
  /** On a public route: still resolve the caller's identity (e.g. to tailor a page). */
  identify?: boolean;
  /** More of the caller's row to read with their identity (one round trip instead of two). */
  identityExtra?: IdentityExtra;
  body?: B;
  query?: Q;
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

export interface RouteContext<B, Q, P> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
  identity: Identity | null;
  /** Set when `identity` is a remembered one (Options.identityHint) still to be confirmed. */
  provisional?: ProvisionalIdentity;
  log: Logger;
}

type NextCtx = { params: Promise<Record<string, string | string[]>> };

export function route<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  P = Record<string, string>,
>(opts: Options<B, Q>, handler: (ctx: RouteContext<Infer<B>, Infer<Q>, P>) => Promise<Response> | Response) {
  return async (req: NextRequest, nextCtx?: NextCtx): Promise<Response> => {
    const log = logger.child(traceFields(req.headers.get("x-cloud-trace-context")));
    // Read once: a request run again after an unconfirmed start reuses it (or its error).
    let parsed: Promise<Parsed<Infer<B>, Infer<Q>, P>> | undefined;
    const input = () => (parsed ??= parseInput<Infer<B>, Infer<Q>, P>(opts, req, nextCtx));
    try {
      const key = opts.identityHint ? credentialKey(req) : null;
      const recalled = key ? recallIdentity(key, opts.identityExtra) : null;
      if (recalled) {
        const { identity, provisional } = recalled;
        const res = await keptIfConfirmed(provisional, log, req, async () => {
          checkAccess(opts.access, identity, opts.surface);
          return handler({ ...(await input()), identity, provisional, log });
        });
        if (res) return res;
      }
      const caller = await identify(req, opts, key);
      checkAccess(opts.access, caller.identity, opts.surface, req.headers.has("authorization"));
      const res = await handler({ ...(await input()), identity: caller.identity, log });
      if (caller.setCookie) res.headers.append("set-cookie", caller.setCookie);
      return res;
    } catch (err) {
      // The database unavailable is an outage, logged once by noteDatabaseUnavailable(), not a bug per request.
      if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
        noteDatabaseUnavailable(log, err);
        return databaseUnavailable(opts.surface, err).toResponse();
      }
      const appErr = toAppError(err, opts.surface);
      const fields = { code: appErr.code, method: req.method, path: req.nextUrl.pathname };
      if (!(err instanceof AppError))
        log.error({ ...fields, err: err instanceof Error ? err : String(err) }, appErr.message);
      else if (appErr.status >= 500) log.warn({ ...fields, ...appErr.details }, appErr.message);
      else log.info(fields, appErr.message);
      return appErr.toResponse();
    }
  };
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

interface Parsed<B, Q, P> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
}

async function parseInput<B, Q, P>(
  opts: { body?: ZodType; query?: ZodType; maxBodyBytes?: number; surface: Surface },
  req: NextRequest,
  nextCtx: NextCtx | undefined,
): Promise<Parsed<B, Q, P>> {
  const body = opts.body
    ? parse(opts.body, await readJsonBody(req, opts.maxBodyBytes), "body", opts.surface)
    : undefined;
  const query = opts.query
    ? parse(opts.query, Object.fromEntries(req.nextUrl.searchParams), "query", opts.surface)
    : undefined;
  const params = ((await nextCtx?.params) ?? {}) as P;
  return { req, body: body as B, query: query as Q, params };
}

/**
 * Who is calling; a POST from a newcomer to an `identified` route becomes a
 * guest. With `key`, what the credential resolved to is remembered under it
 * (or forgotten, when it no longer resolves by itself).
 */
async function identify(
  req: NextRequest,
  opts: { access: Access; identify?: boolean; identityExtra?: IdentityExtra },
  key: string | null,
): Promise<{ identity: Identity | null; setCookie?: string }> {
  // Public routes skip identity unless asked, so liveness never touches the database.
  if (opts.access === "public" && !opts.identify) return { identity: null };
  let proved: Parameters<Prove> | undefined;
  const identity = await resolveIdentity(req, opts.identityExtra, key ? (...args) => (proved = args) : undefined);
  if (key && identity && proved) rememberIdentity(key, identity, ...proved, opts.identityExtra);
  else if (key) forgetIdentity(key);
  // A caller presenting a key that failed is refused, never turned into a guest.
  if (!identity && opts.access === "identified" && req.method === "POST" && !req.headers.has("authorization")) {
    const guest = await createGuestUser();
    return { identity: await loadIdentity(guest.userId, "guest", opts.identityExtra), setCookie: guest.setCookie };
  }
  return { identity };
}

function checkAccess(access: Access, identity: Identity | null, surface: Surface, withKey = false): void {
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

function parse<T extends ZodType>(schema: T, input: unknown, where: "body" | "query", surface: Surface): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  throw new AppError(
    `bad_request:${surface}`,
    `Invalid ${where}: ${first?.path ? `${first.path}: ` : ""}${first?.message ?? "invalid input"}`,
    { details: { issues } },
  );
}
