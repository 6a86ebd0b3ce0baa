// axe-core (the npm package, injected into the page) on every page of the
// product, as a guest, a signed-in user and an admin: no serious or critical
// violations, in the light and the dark theme.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./axe";
import { signedInUser, withDb } from "./users";

// The pages' CSP runs only scripts carrying their nonce: axe, injected by the
// test, is let through by the browser rather than by weakening the policy.
test.use({ bypassCSP: true });

// /sign-in with an error shows its alert box.
const PUBLIC_PAGES = [
  "/",
  "/pricing",
  "/sign-in",
  "/sign-in?error=Verification",
  "/terms",
  "/privacy",
  "/contact",
  "/no-such-page",
  "/chat",
];

for (const scheme of ["light", "dark"] as const) {
  test(`public pages have no serious accessibility violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });

  test(`a sign-in form's error has no serious violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sign-in");
    // The browser takes this for an address; the server refuses it (no dot in the domain).
    await page.getByLabel("Email").fill("someone@localhost");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "could not send" })).toBeVisible();
    expect(await seriousViolations(page), "/sign-in with a refused address").toEqual([]);
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
