// The one wrapper every route handler goes through: identity, role check, input
// validation, error mapping and logging happen here, once. Handlers keep only
// their own logic and throw AppError for anything a caller should see.
import type { NextRequest } from "next/server";
import type { Logger } from "pino";
import { z, type ZodType } from "zod";
import { createGuestUser } from "@/lib/auth/guest";
import { loadIdentity, resolveIdentity, type Identity, type IdentityExtra } from "@/lib/auth/identity";
import { logger, traceFields } from "@/lib/log/logger";
import { AppError, toAppError, type Surface } from "./app-error";
import { readJsonBody } from "./body";

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
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface RouteContext<B, Q, P> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
  identity: Identity | null;
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
    try {
      // Public routes skip identity unless asked, so liveness never touches the database.
      let identity = opts.access === "public" && !opts.identify ? null : await resolveIdentity(req, opts.identityExtra);
      let setCookie: string | undefined;
      // A caller presenting a key that failed is refused, never turned into a guest.
      const presentedKey = req.headers.has("authorization");
      if (!identity && opts.access === "identified" && req.method === "POST" && !presentedKey) {
        const guest = await createGuestUser();
        identity = await loadIdentity(guest.userId, "guest", opts.identityExtra);
        setCookie = guest.setCookie;
      }
      checkAccess(opts.access, identity, opts.surface);
      const body = opts.body
        ? parse(opts.body, await readJsonBody(req, opts.maxBodyBytes), "body", opts.surface)
        : undefined;
      const query = opts.query
        ? parse(opts.query, Object.fromEntries(req.nextUrl.searchParams), "query", opts.surface)
        : undefined;
      const params = ((await nextCtx?.params) ?? {}) as P;
      const res = await handler({ req, body: body as Infer<B>, query: query as Infer<Q>, params, identity, log });
      if (setCookie) res.headers.append("set-cookie", setCookie);
      return res;
    } catch (err) {
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

function checkAccess(access: Access, identity: Identity | null, surface: Surface): void {
  if (access === "public") return;
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
