// The product's one SQL helper module: a tagged template that composes fragments
// and numbers the parameters, a query helper on the shared pool, transactions,
// and the reading of integers from rows. Dates
// are sent as UTC ISO strings and `timestamp` columns are read back as UTC, which
// is how Prisma stores DateTime (timestamp(3), no zone).
import { createHash } from "node:crypto";
import pg from "pg";
import { getPool } from "./client";

export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with $1..$n placeholders and the flat parameter list. */
  build(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.render(values);
    return { text, values };
  }

  private render(out: unknown[]): string {
    let text = this.strings[0] ?? "";
    this.values.forEach((v, i) => {
      if (v instanceof Sql) text += v.render(out);
      else {
        out.push(v instanceof Date ? v.toISOString() : v);
        text += `$${out.length}`;
      }
      text += this.strings[i + 1] ?? "";
    });
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

export const emptySql = new Sql([""], []);

/** The cheapest statement: whether the database answers. */
export const ping = sql`SELECT 1`;

/** bigint/numeric/string from a row to a JS integer; throws rather than lose precision. */
export function toInt(value: unknown): number {
  if (value == null) return 0;
  const n = typeof value === "bigint" ? Number(value) : Number(String(value));
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(value)}`);
  return n;
}

/** Joins fragments or values with a separator: sql`IN (${joinSql(list)})`. */
export function joinSql(items: readonly unknown[], separator = ", "): Sql {
  if (items.length === 0) return emptySql;
  return new Sql(["", ...Array<string>(items.length - 1).fill(separator), ""], items);
}

const TIMESTAMP_OID = 1114;
const parseUtc = (v: string) => new Date(`${v.replace(" ", "T")}Z`);
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? parseUtc : pg.types.getTypeParser(oid, format),
};

export type Queryable = pg.Pool | pg.PoolClient;

// Hot-path statements are named, so each connection parses and plans them once
// (the server keeps the prepared statement for the connection's life). The name
// is a hash of the text: the same text always maps to the same statement.
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    if (names.size < 1_000) names.set(text, name);
  }
  return name;
}

export async function query<T = Record<string, unknown>>(q: Sql, on: Queryable = getPool()): Promise<T[]> {
  const { text, values } = q.build();
  const res = await on.query({ name: statementName(text), text, values, types } as pg.QueryConfig);
  return res.rows as T[];
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK and rethrow on any error. */
// Like Prisma's interactive-transaction timeout: a transaction left idle this long
// (a stuck outside call while holding a lock) is ended by Postgres itself.
const IDLE_IN_TRANSACTION_MS = 20_000;

export async function transaction<T>(
  fn: (tx: pg.PoolClient) => Promise<T>,
  { idleTimeoutMs = IDLE_IN_TRANSACTION_MS }: { idleTimeoutMs?: number } = {},
): Promise<T> {
  const client = await getPool().connect();
  let broken = false;
  // The server ending the session raises an 'error' event on the checked-out
  // client; unheard, it would crash the process. The failing query reports it.
  const onError = () => (broken = true);
  client.on("error", onError);
  try {
    await client.query(`BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.trunc(idleTimeoutMs)}`);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    // A session the server ended cannot roll back; it is dropped from the pool.
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
