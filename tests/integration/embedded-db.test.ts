// The local launcher's embedded PostgreSQL: data survives a restart, and a taken
// port gets a message that says what to do.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { parseDatabaseUrl } from "@/lib/db/pg-config";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client(parseDatabaseUrl(url));
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps data across a stop and start", async () => {
    const dataDir = path.join(dir, "data");
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, quiet: true });
    await query(first.url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port, quiet: true });
    try {
      expect(await query(second.url, "SELECT body FROM notes")).toEqual([{ body: "kept" }]);
      expect((await query(second.url, "SHOW server_version"))[0].server_version).toMatch(/^17\./);
    } finally {
      await second.stop();
    }
  });

  it("says clearly when its port is taken", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", r));
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "other"), port, quiet: true })).rejects.toThrow(
        new RegExp(`Port ${port} is taken.*EMBEDDED_PG_PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  it("is durable by default, and only a throwaway one skips flushing", async () => {
    const durable = await startEmbeddedPostgres({
      dataDir: path.join(dir, "durable"),
      port: await freePort(),
      quiet: true,
    });
    try {
      expect((await query(durable.url, "SHOW fsync"))[0].fsync).toBe("on");
      expect((await query(durable.url, "SHOW synchronous_commit"))[0].synchronous_commit).toBe("on");
    } finally {
      await durable.stop();
    }
    const fast = await startEmbeddedPostgres({
      dataDir: path.join(dir, "fast"),
      port: await freePort(),
      quiet: true,
      durable: false,
    });
    try {
      expect((await query(fast.url, "SHOW fsync"))[0].fsync).toBe("off");
    } finally {
      await fast.stop();
    }
  });

  it("stops promptly even when its server was killed under it", async () => {
    const dataDir = path.join(dir, "killed");
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir, port, quiet: true, durable: false });
    const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await db.stop();
    expect(Date.now() - started).toBeLessThan(12_000);
    // And a server started again on its data dir (a restart under the launcher) is stopped too.
    const again = await startEmbeddedPostgres({ dataDir, port, quiet: true, durable: false });
    const newPid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    await db.stop();
    expect(() => process.kill(newPid, 0)).toThrow();
    await again.stop();
  }, 60_000);
});
