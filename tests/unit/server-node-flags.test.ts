import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PRODUCTION_NODE_FLAGS } from "../../scripts/server-node-flags";

describe("production Node flags", () => {
  it("are the ones the Dockerfile's server runs with", () => {
    const cmd = fs
      .readFileSync("Dockerfile", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("CMD "))
      .at(-1);
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd!.slice(4))).toEqual(["node", ...PRODUCTION_NODE_FLAGS, "server.js"]);
  });

  it("are V8 flags this Node accepts", async () => {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync(process.execPath, [...PRODUCTION_NODE_FLAGS, "-e", "process.stdout.write('ok')"], {
      encoding: "utf8",
    });
    expect(out).toBe("ok");
  });
});
