// axe-core (the npm package, injected into the page) on every page of the
// product, as a guest, a signed-in user and an admin: no serious or critical
// violations, in the light and the dark theme.
import crypto from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signedInUser, withDb } from "./users";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The pages' CSP runs only scripts carrying their nonce: axe, injected by the
// test, is let through by the browser rather than by weakening the policy.
test.use({ bypassCSP: true });

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as Violation[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const PUBLIC_PAGES = ["/", "/pricing", "/sign-in", "/terms", "/privacy", "/contact", "/no-such-page", "/chat"];

for (const scheme of ["light", "dark"] as const) {
  test(`public pages have no serious accessibility violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
}

test("the chat with a conversation, and the account pages, have no serious violations", async ({ page, context }) => {
  const user = await signedInUser(context, { tier: "pro" });
  const chatId = await withDb(async (db) => {
    await db.query(`SELECT 1`);
    const id = crypto.randomUUID();
    await db.query(`INSERT INTO conversations (id, user_id, title, updated_at) VALUES ($1, $2, 'A chat', now())`, [
      id,
      user.id,
    ]);
    return id;
  });
  await page.goto("/chat");
  await page.getByLabel("Message").fill("Write some code in TypeScript");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  expect(await seriousViolations(page), "/chat/<id>").toEqual([]);
  // The sidebar's menu open.
  await page
    .getByRole("navigation", { name: "Conversations" })
    .getByRole("button", { name: /^Actions for / })
    .first()
    .click();
  expect(await seriousViolations(page), "/chat with the menu open").toEqual([]);

  for (const path of ["/account", `/chat/${chatId}`]) {
    await page.goto(path);
    expect(await seriousViolations(page), path).toEqual([]);
  }
});
