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
});
