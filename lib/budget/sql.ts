// Small helpers for raw SQL against Prisma's columns. Prisma stores DateTime as
// UTC in `timestamp(3)` (no zone), so instants are passed as ISO strings cast to
// `timestamp` (PostgreSQL ignores the "Z" for that type, keeping the UTC wall time).
import { Prisma } from "@/lib/db/generated/client";

export function ts(at: Date): Prisma.Sql {
  return Prisma.sql`${at.toISOString()}::timestamp`;
}

/** bigint/numeric/string from raw SQL to a JS integer; throws rather than lose precision. */
export function toInt(value: unknown): number {
  if (value == null) return 0;
  const n = typeof value === "bigint" ? Number(value) : Number(String(value));
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(value)}`);
  return n;
}

/** Timestamps from raw SQL come back as Date (UTC) or as a zone-less string. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const s = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}
