// npx tsx bench/cold-start.ts  (after npm run build)
// Cold start of the production server to /api/ready 200, and its memory after start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateDeploy } from "../lib/db/migrate";
import { bootStandalone } from "../tests/helpers/standalone";

const RUNS = Number(process.env.RUNS ?? 5);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pg-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    quiet: true,
    durable: false,
  });
  await migrateDeploy(pg.url);
  const times: number[] = [];
  const rss: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const server = await bootStandalone({ databaseUrl: pg.url });
      times.push(server.readyMs);
      await new Promise((r) => setTimeout(r, 500));
      rss.push(server.rssKb());
      await server.stop();
    }
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `cold start to /api/ready 200 over ${RUNS} runs: median ${sorted[Math.floor(RUNS / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[RUNS - 1].toFixed(0)} ms`,
  );
  console.log(`RSS after start: median ${(rss.sort((a, b) => a - b)[Math.floor(RUNS / 2)] / 1024).toFixed(0)} MiB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
