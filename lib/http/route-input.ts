// A route's input, read once and checked before the handler runs: the JSON body
// and the query against their zod schemas, the path's segments against theirs,
// and no text any column or reader cannot take. Used by route.ts.
import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { AppError, type Surface } from "./app-error";
import { readJsonBody } from "./body";

export type NextCtx = { params: Promise<Record<string, string | string[]>> };

export interface Parsed<B, Q, P> {
  req: NextRequest;
  body: B;
  query: Q;
  params: P;
}

export async function parseInput<B, Q, P>(
  opts: { body?: ZodType; query?: ZodType; params?: ZodType; maxBodyBytes?: number; surface: Surface },
  req: NextRequest,
  nextCtx: NextCtx | undefined,
): Promise<Parsed<B, Q, P>> {
  const body = opts.body
    ? parse(
        opts.body,
        cleanText(await readJsonBody(req, opts.maxBodyBytes), "body", opts.surface),
        "body",
        opts.surface,
      )
    : undefined;
  const query = opts.query
    ? parse(
        opts.query,
        cleanText(Object.fromEntries(req.nextUrl.searchParams), "query", opts.surface),
        "query",
        opts.surface,
      )
    : undefined;
  const path = cleanText((await nextCtx?.params) ?? {}, "path", opts.surface);
  const params = (opts.params ? parse(opts.params, path, "path", opts.surface) : path) as P;
  return { req, body: body as B, query: query as Q, params };
}

const NUL = /\u0000/;

/**
 * Refuses text no column can store and no reader expects: NUL and lone
 * surrogates (JSON may spell both), in any string of the input, keys included.
 */
function cleanText<T>(input: T, where: "body" | "query" | "path", surface: Surface): T {
  const bad = (v: unknown): boolean => {
    if (typeof v === "string") return NUL.test(v) || !v.isWellFormed();
    if (Array.isArray(v)) return v.some(bad);
    if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => bad(k) || bad(x));
    return false;
  };
  if (bad(input)) {
    throw new AppError(
      `bad_request:${surface}`,
      `Invalid ${where}: text may not hold NUL characters or lone surrogates.`,
    );
  }
  return input;
}

function parse<T extends ZodType>(
  schema: T,
  input: unknown,
  where: "body" | "query" | "path",
  surface: Surface,
): z.infer<T> {
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
