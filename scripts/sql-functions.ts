// The SQL functions of a source-of-record file (lib/budget/functions/*.sql), and
// the form a Prisma migration can carry them in: Prisma's pg adapter splits a
// migration at every semicolon, even inside a dollar-quoted body, so a body with
// semicolons becomes an E'' string with each semicolon written \073, each quote
// doubled and each backslash escaped. PostgreSQL stores the same text either way.
export interface SqlFunction {
  name: string;
  /** From CREATE OR REPLACE FUNCTION up to AS, exclusive. */
  head: string;
  /** The body as PostgreSQL stores it (pg_proc.prosrc). */
  body: string;
}

const FUNCTION = /(CREATE OR REPLACE FUNCTION\s+([a-z_][a-z0-9_]*)\s*\([\s\S]*?)AS \$\$([\s\S]*?)\$\$;/g;

export function sqlFunctions(source: string): SqlFunction[] {
  return [...source.matchAll(FUNCTION)].map((m) => ({ head: m[1]!, name: m[2]!, body: m[3]! }));
}

/** One function as a migration statement (without comments, which may hold semicolons). */
export function migrationStatement(fn: SqlFunction): string {
  if (!fn.body.includes(";")) return `${fn.head}AS $$${fn.body}$$;`;
  const escaped = fn.body.replaceAll("\\", "\\\\").replaceAll("'", "''").replaceAll(";", "\\073");
  return `${fn.head}AS E'${escaped}';`;
}
