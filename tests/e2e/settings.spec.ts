// Preferences on /account take effect where they matter: the theme (and the
// OS's dark mode under "System"), the model the chat opens on, and how much
// history the server sends. After a downgrade, saving still works.
import { expect, test } from "@playwright/test";
import { defaultModelId } from "../../lib/ai/catalog";
import { signedInUser, withDb } from "./users";

const background = (page: import("@playwright/test").Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const WHITE = "rgb(255, 255, 255)";

test("the theme follows the OS under System, and a chosen theme wins over it", async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/chat");
  expect(await background(page)).not.toBe(WHITE);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await background(page)).toBe(WHITE);

  await signedInUser(context, { preferences: { theme: "dark" } });
  await page.goto("/account");
  expect(await background(page)).not.toBe(WHITE);
  // Chosen on /account, applied at once.
  await page.getByLabel("Theme").selectOption("light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect.poll(() => background(page)).toBe(WHITE);
});

test("the chat opens on the default model, and falls back to Auto after a downgrade", async ({ page, context }) => {
  const user = await signedInUser(context, { tier: "pro", preferences: { defaultModel: "strong" } });
  await page.goto("/chat");
  await expect(page.getByLabel("Model")).toHaveValue("strong");
  await page.getByLabel("Message").fill("Hello");
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("answer-model")).toHaveText(defaultModelId("strong"), { timeout: 30_000 });

  await withDb((db) => db.query(`UPDATE users SET tier = 'free' WHERE id = $1`, [user.id]));
  await page.goto("/account");
  await expect(page.getByLabel("Default model")).toHaveValue("auto");
  await page.getByLabel("Name", { exact: true }).fill("Renamed after downgrade");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.goto("/chat");
  await expect(page.getByLabel("Model")).toHaveValue("auto");
});

test("the history length is what the server sends: older turns are folded into a summary", async ({
  page,
  context,
}) => {
  await signedInUser(context, { preferences: { historyLength: 4 } });
  await page.goto("/chat");
  const input = page.getByLabel("Message");
  for (let i = 1; i <= 4; i++) {
    await input.fill(`Question number ${i}`);
    await input.press("Enter");
    await expect(page.getByTestId("answer").nth(i - 1)).toHaveAttribute("data-status", "complete", {
      timeout: 30_000,
    });
  }
  const id = page.url().split("/").pop()!;
  const summarized = await withDb(async (db) => {
    const { rows } = await db.query(`SELECT summarized_count FROM conversations WHERE id = $1`, [id]);
    return rows[0].summarized_count as number;
  });
  // 8 messages with a window of 4: at least the first exchange is summarised, not sent.
  expect(summarized).toBeGreaterThanOrEqual(2);
});
