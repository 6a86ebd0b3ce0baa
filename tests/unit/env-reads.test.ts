// The app reads its configuration in one place (lib/config/env.ts), so every
// variable is validated at startup and listed for Terraform (tests/deploy).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const APP_CODE = ["app", "lib", "components", "instrumentation.ts", "proxy.ts"];
const SKIP_DIRS = new Set(["node_modules", "generated"]);

// Not configuration: what Next sets per runtime, what next-auth reads itself, and
// the environment handed on whole to the Prisma CLI's child process.
const ALLOWED: Record<string, RegExp> = {
  "lib/config/env.ts": /.*/,
  "instrumentation.ts": /^process\.env\.NEXT_RUNTIME$/,
  "lib/auth/auth-options.ts": /^process\.env\.NEXTAUTH_URL$/,
  "lib/db/migrate.ts": /^process\.env$/,
};

function sourceFiles(entry: string): string[] {
  const full = path.join(root, entry);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return /\.(ts|tsx|mjs|js)$/.test(entry) ? [entry] : [];
  return readdirSync(full)
    .filter((name) => !SKIP_DIRS.has(name))
    .flatMap((name) => sourceFiles(path.join(entry, name)));
}

export function envReads(source: string): string[] {
  return [...source.matchAll(/process\.env(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])?/g)].map((m) => m[0]);
}

describe("configuration reads", () => {
  it("finds reads of every form (control)", () => {
    expect(envReads('const a = process.env.FOO; const b = process.env["BAR"]; f(process.env);')).toEqual([
      "process.env.FOO",
      'process.env["BAR"]',
      "process.env",
    ]);
  });

  it("reads process.env nowhere in app code but lib/config/env.ts", () => {
    const files = APP_CODE.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      const allowed = ALLOWED[file.split(path.sep).join("/")];
      for (const read of envReads(readFileSync(path.join(root, file), "utf8"))) {
        if (!allowed?.test(read)) offenders.push(`${file}: ${read}`);
      }
    }
    expect(offenders, "read it through env() in lib/config/env.ts instead").toEqual([]);
  });
});
