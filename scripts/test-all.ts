// npm test: every check, in order, with one closing line "N passed, N failed"
// summed over all suites (lint and typecheck count as one check each).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const report: string[] = [];
const started = Date.now();

function run(label: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const ok = res.status === 0;
  report.push(`${ok ? "ok  " : "FAIL"} ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(label: string, cmd: string, args: string[]) {
  if (run(label, cmd, args)) total.passed++;
  else total.failed++;
}

function suite(label: string, cmd: string, args: string[], resultFile: string, read: (json: unknown) => Tally) {
  fs.rmSync(resultFile, { force: true });
  const ok = run(label, cmd, args);
  if (!fs.existsSync(resultFile)) {
    total.failed++;
    report.push(`FAIL ${label}: no results written`);
    return;
  }
  const t = read(JSON.parse(fs.readFileSync(resultFile, "utf8")));
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
  if (!ok && t.failed === 0) total.failed++; // the runner failed outside any test
  report.push(`     ${label}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}

const npx = "npx";
const only = process.argv.slice(2);
const want = (step: string) => only.length === 0 || only.includes(step);

if (want("lint")) check("lint", npx, ["eslint", ".", "--max-warnings=0"]);
if (want("typecheck")) check("typecheck", npx, ["tsc", "--noEmit"]);
if (want("format")) check("format", npx, ["prettier", "--check", "."]);
if (want("vitest"))
  suite(
    "vitest",
    npx,
    ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile=test-results/vitest.json"],
    "test-results/vitest.json",
    (j) => {
      const r = j as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
      return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
    },
  );
if (want("build")) check("build", "npm", ["run", "build"]);
if (want("e2e"))
  suite("playwright", npx, ["playwright", "test"], "test-results/playwright.json", (j) => {
    const s = (j as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
    return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
  });

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s)\n${report.join("\n")}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 ? 1 : 0);
