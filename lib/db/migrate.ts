// Applies committed migrations with the Prisma CLI (prisma migrate deploy).
// Used by the local launcher and tests; production runs `npm run db:migrate`.
import { spawn } from "node:child_process";
import path from "node:path";

export const PRISMA_OFFLINE_ENV = {
  // The CLI checks these engines exist before it starts; with the "js" engine it never runs them.
  PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

export function runPrisma(args: string[], databaseUrl: string, opts: { cwd?: string } = {}): Promise<string> {
  const cwd = opts.cwd ?? process.cwd();
  const bin = path.join(cwd, "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, ...PRISMA_OFFLINE_ENV, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`prisma ${args.join(" ")} failed (exit ${code}):\n${out}`));
    });
  });
}

export function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrisma(["migrate", "deploy"], databaseUrl);
}
