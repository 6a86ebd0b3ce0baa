// The layering rules of eslint.config.mjs bite: an import against them (or SQL
// text outside a domain's statements.ts) fails the lint. Each probe is linted as the text of an existing file of that layer.
import { rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("layering", { timeout: 60_000 }, () => {
  it("keeps a domain beneath chat from importing it", async () => {
    const broken = await rulesBroken(
      "lib/budget/guard.ts",
      'import { runTurn } from "@/lib/chat/run-turn";\nexport const probe = runTurn;\n',
    );
    expect(broken).toContain("import/no-restricted-paths");
  });

  it("fails on an import cycle", async () => {
    // Two modules of one domain importing each other, written for the test and removed after it.
    const [a, b] = ["a", "b"].map((n) => `lib/budget/cycle-probe-${process.pid}-${n}`);
    try {
      writeFileSync(`${a}.ts`, `import { b } from "./${basename(b!)}";\nexport const a = () => b;\n`);
      writeFileSync(`${b}.ts`, `import { a } from "./${basename(a!)}";\nexport const b = () => a;\n`);
      const results = await eslint.lintFiles([`${a}.ts`]);
      expect(results[0]!.messages.map((m) => m.ruleId)).toContain("import/no-cycle");
    } finally {
      for (const f of [a, b]) rmSync(`${f}.ts`, { force: true });
    }
  });

  it("keeps lib/db beneath every domain", async () => {
    const broken = await rulesBroken(
      "lib/db/sql.ts",
      'import { meteredCall } from "@/lib/budget/metered-call";\nexport const probe = meteredCall;\n',
    );
    expect(broken).toContain("import/no-restricted-paths");
  });

  it("reaches the stand-ins only over HTTP", async () => {
    const broken = await rulesBroken(
      "lib/chat/events.ts",
      'import * as gemini from "../../stand-ins/gemini/server";\nexport const probe = gemini;\n',
    );
    expect(broken).toContain("import/no-restricted-paths");
  });

  it("keeps the Gemini SDK inside lib/ai", async () => {
    const code = 'import { GoogleGenAI } from "@google/genai";\nexport const probe = GoogleGenAI;\n';
    expect(await rulesBroken("lib/chat/events.ts", code)).toContain("no-restricted-imports");
    expect(await rulesBroken("lib/ai/usage.ts", code)).toEqual([]);
  });

  it("keeps SQL text in the domain's statements.ts", async () => {
    const code = 'import { sql } from "@/lib/db/sql";\nexport const probe = sql`SELECT 1`;\n';
    expect(await rulesBroken("lib/chat/events.ts", code)).toContain("no-restricted-syntax");
    expect(await rulesBroken("lib/chat/statements.ts", code)).toEqual([]);
  });

  it("lets chat use the domains beneath it", async () => {
    const broken = await rulesBroken(
      "lib/chat/events.ts",
      'import { meteredCall } from "@/lib/budget/metered-call";\nexport const probe = meteredCall;\n',
    );
    expect(broken).toEqual([]);
  });
});
