// Structure checks for the Dockerfile: there is no Docker engine here, so the
// image cannot be built; these tests parse the instructions instead.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { PRODUCTION_NODE_FLAGS } from "../../scripts/server-node-flags";
import { SECRET_ENV } from "./terraform-hcl";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const dockerfile = readFileSync(`${repoRoot}Dockerfile`, "utf8");
const dockerignore = readFileSync(`${repoRoot}.dockerignore`, "utf8");

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string | undefined;
  from: string;
  instructions: Instruction[];
}

/** Joins continuation lines, drops comments, groups instructions by FROM. */
function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let pending = "";
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line.startsWith("#") || (line === "" && pending === "")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = "";
  }

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const entry of logical.filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(entry) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const [, image, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, v: string) => globalArgs[v] ?? `$${v}`);
      stages.push({ name, from: resolved, instructions: [] });
    } else if (stages.length === 0) {
      if (upper === "ARG") Object.assign(globalArgs, keyValues(args));
    } else {
      stages[stages.length - 1].instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

/** `K=V K2="v 2"` or the legacy `K V` form of ENV/ARG. */
function keyValues(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^\w+=/.test(args)) {
    const [key, ...rest] = args.split(/\s+/);
    out[key] = rest.join(" ");
    return out;
  }
  for (const m of args.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S*)/g)) out[m[1]] = m[2].replace(/^["']|["']$/g, "");
  return out;
}

const { stages } = parseDockerfile(dockerfile);
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage "${name}"`);
  return found;
};
const runner = stages[stages.length - 1];
const all = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword);

/** ENV visible in a stage, including what it inherits from an earlier stage. */
function envOf(s: Stage): Record<string, string> {
  const parent = stages.find((p) => p.name === s.from && stages.indexOf(p) < stages.indexOf(s));
  const env = parent ? envOf(parent) : {};
  for (const i of all(s, "ENV")) Object.assign(env, keyValues(i.args));
  return env;
}

/** COPY sources/destination and flags, e.g. COPY --from=build /a ./b. */
function copies(s: Stage) {
  return all(s, "COPY").map((i) => {
    const parts = i.args.split(/\s+/);
    const flags = Object.fromEntries(
      parts.filter((p) => p.startsWith("--")).map((p) => p.slice(2).split("=") as [string, string]),
    );
    const paths = parts.filter((p) => !p.startsWith("--"));
    return { from: flags.from as string | undefined, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
  });
}

function execForm(s: Stage, keyword: "CMD" | "ENTRYPOINT"): string[] | undefined {
  const last = all(s, keyword).at(-1);
  return last ? (JSON.parse(last.args) as string[]) : undefined;
}

describe("Dockerfile stages", () => {
  it("is multi-stage with deps, build, migrator and runner", () => {
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(["deps", "build", "migrator", "runner"]));
  });

  it("ends with runner, so a plain `docker build .` yields the app", () => {
    expect(runner.name).toBe("runner");
    expect(stages.indexOf(stage("migrator"))).toBeLessThan(stages.indexOf(runner));
  });

  it("installs with npm ci from the lockfile and builds with telemetry off", () => {
    const deps = stage("deps");
    expect(all(deps, "RUN").some((r) => /\bnpm ci\b/.test(r.args))).toBe(true);
    expect(copies(deps).flatMap((c) => c.sources)).toEqual(
      expect.arrayContaining(["package.json", "package-lock.json"]),
    );
    const build = stage("build");
    expect(all(build, "RUN").some((r) => /\bnpm run build\b/.test(r.args))).toBe(true);
    expect(envOf(build).NEXT_TELEMETRY_DISABLED).toBe("1");
  });

  it("never bakes a secret into any stage", () => {
    for (const s of stages) {
      for (const i of [...all(s, "ENV"), ...all(s, "ARG")]) {
        for (const key of Object.keys(keyValues(i.args))) {
          expect(SECRET_ENV, `${i.keyword} ${key} in ${s.name}`).not.toContain(key);
          expect(key, `${i.keyword} in ${s.name}`).not.toMatch(/SECRET|PASSWORD|API_KEY|TOKEN/);
        }
      }
    }
  });
});

describe("runner stage", () => {
  it("is Debian slim Node 24, an exact release pinned by digest, as every stage", () => {
    expect(runner.from).toMatch(/^node:24\.\d+\.\d+-(bookworm|trixie)-slim@sha256:[0-9a-f]{64}$/);
    expect(stage("base").from).toBe(runner.from);
  });

  it("runs a Node that package.json's engines range accepts", () => {
    const engines = (JSON.parse(readFileSync(`${repoRoot}package.json`, "utf8")) as { engines: { node: string } })
      .engines.node;
    const [, major, minor, patch] = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(engines) ?? [];
    expect(major, `engines.node "${engines}"`).toBe("24");
    const image = /^node:(\d+)\.(\d+)\.(\d+)-/.exec(runner.from)!.slice(1).map(Number);
    expect(image[0]).toBe(24);
    expect(image[1] * 1e6 + image[2], runner.from).toBeGreaterThanOrEqual(Number(minor) * 1e6 + Number(patch));
  });

  it("runs as a non-root user", () => {
    const users = all(runner, "USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    const userIndex = runner.instructions.lastIndexOf(users.at(-1)!);
    const cmdIndex = runner.instructions.findIndex((i) => i.keyword === "CMD");
    expect(userIndex).toBeLessThan(cmdIndex);
  });

  it("copies only the standalone output, static assets and public from the build", () => {
    const runnerCopies = copies(runner);
    for (const c of runnerCopies) expect(c.from, `COPY ${c.sources.join(" ")}`).toBe("build");
    const bySource = (suffix: string) => runnerCopies.find((c) => c.sources.some((s) => s.endsWith(suffix)));
    expect(bySource(".next/standalone")?.dest).toMatch(/^\.\/?$/);
    expect(bySource(".next/static")?.dest).toMatch(/\.next\/static$/);
    expect(bySource("public")?.dest).toMatch(/public$/);
    expect(runnerCopies).toHaveLength(3);
  });

  it("never copies the build context (no COPY . .) and installs nothing", () => {
    expect(all(runner, "COPY").map((i) => i.args.replace(/\s+/g, " "))).not.toContain(". .");
    for (const r of all(runner, "RUN")) expect(r.args).not.toMatch(/\bnpm (ci|install|i)\b/);
  });

  it("listens on 8080 on all interfaces in production mode", () => {
    const env = envOf(runner);
    expect(env.PORT).toBe("8080");
    expect(env.HOSTNAME).toBe("0.0.0.0");
    expect(env.NODE_ENV).toBe("production");
    expect(all(runner, "EXPOSE").map((i) => i.args)).toContain("8080");
  });

  it("starts with node server.js, with the flags every other server of ours runs with", () => {
    expect(execForm(runner, "ENTRYPOINT")).toBeUndefined();
    expect(execForm(runner, "CMD")).toEqual(["node", ...PRODUCTION_NODE_FLAGS, "server.js"]);
  });

  it("passes only flags this Node accepts", () => {
    const out = execFileSync(process.execPath, [...PRODUCTION_NODE_FLAGS, "-e", "process.stdout.write('ok')"], {
      encoding: "utf8",
    });
    expect(out).toBe("ok");
  });
});

/** Repo files a TypeScript entry loads through relative or "@/" imports. */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const isFile = (rel: string) => existsSync(path.join(repoRoot, rel)) && statSync(path.join(repoRoot, rel)).isFile();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(repoRoot, file), "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const spec = m[1];
      let base: string;
      if (spec.startsWith(".")) base = path.posix.join(path.posix.dirname(file), spec);
      else if (spec.startsWith("@/")) base = spec.slice(2);
      else continue; // a package: node_modules is copied whole
      const resolved = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(isFile);
      if (!resolved) throw new Error(`${file}: cannot resolve import "${spec}"`);
      visit(resolved);
    }
  };
  visit(entry);
  return [...seen];
}

describe("migrator stage", () => {
  const migrator = () => stage("migrator");

  it("has what npm run db:migrate needs", () => {
    const sources = copies(migrator()).flatMap((c) => c.sources);
    expect(sources).toEqual(expect.arrayContaining(["package.json", "prisma.config.ts", "prisma"]));
    const modules = copies(migrator()).find((c) => c.sources.some((s) => s.endsWith("node_modules")));
    expect(modules?.from, "node_modules from the full npm ci (prisma CLI is a dev dependency)").toBe("deps");
  });

  it("contains every source file `npm run db:migrate` and prisma.config.ts import", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const script = pkg.scripts["db:migrate"];
    const entry = /\btsx\s+(\S+\.ts)\b/.exec(script)?.[1];
    expect(entry, `db:migrate is "${script}"; update this test if it no longer runs a .ts file with tsx`).toBeDefined();
    const jobs = /\btsx\s+(\S+\.ts)\b/.exec(pkg.scripts.jobs)?.[1];
    expect(jobs, "npm run jobs runs a .ts file with tsx").toBe("scripts/jobs.ts");
    const needed = [...importClosure(entry!), ...importClosure("prisma.config.ts"), ...importClosure(jobs!)];
    const copied = copies(migrator())
      .filter((c) => !c.from)
      .flatMap((c) => c.sources.map((s) => s.replace(/^\.\//, "").replace(/\/$/, "")));
    const missing = needed.filter((file) => !copied.some((src) => file === src || file.startsWith(`${src}/`)));
    expect(missing, "add these to the migrator stage's COPY lines").toEqual([]);
  });

  it("has the generated Prisma client the jobs import, from the build stage", () => {
    const generated = copies(migrator()).find((c) => c.sources.some((s) => s.endsWith("lib/db/generated")));
    expect(generated?.from).toBe("build");
  });

  it("keeps Prisma from downloading engines and runs the migration as non-root", () => {
    const env = envOf(migrator());
    expect(env.PRISMA_QUERY_ENGINE_LIBRARY).toBe("/bin/false");
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBe("/bin/false");
    expect(all(migrator(), "USER").at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    expect(execForm(migrator(), "CMD")).toEqual(["npm", "run", "db:migrate"]);
  });
});

describe(".dockerignore", () => {
  const entries = dockerignore
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  it("keeps host builds, local data, VCS and env files out of the context", () => {
    for (const entry of [
      "node_modules",
      ".next",
      ".data",
      ".git",
      ".env*",
      "test-results",
      "playwright-report",
      "coverage",
    ]) {
      expect(entries, entry).toContain(entry);
    }
  });
});
