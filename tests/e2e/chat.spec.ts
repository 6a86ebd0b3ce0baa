// The chat as a user sees it, on the production build with the offline emulator:
// send and watch it stream, see its written title, stop one, reload to the same
// history, rename, delete.
import { expect, test } from "@playwright/test";

test("send, stream, stop, reload, rename and delete", async ({ page }) => {
  await page.goto("/chat");
  const input = page.getByLabel("Message");

  await input.fill("Hello, what can you do?");
  await input.press("Enter");
  const first = page.getByTestId("answer").first();
  // The first answer on a fresh server may wait for the tokenizer vocabulary to finish loading.
  await expect(first).toContainText("Offline Gemini emulator", { timeout: 30_000 });
  await expect(first).toHaveAttribute("data-status", "complete");
  await expect(first.getByText("Offline emulator", { exact: true })).toBeVisible();
  await expect(first.getByTestId("answer-model")).toHaveAttribute("title", /everyday message/);
  await expect(page).toHaveURL(/\/chat\/[a-z0-9-]+$/);
  const url = page.url();
  // Once the answer is done the sidebar shows the title the model wrote (the first line until then).
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar.getByRole("link", { name: "Hello, what can you do", exact: true })).toBeVisible();

  // [[slow]] makes the emulator take 2 s to start and 250 ms between chunks.
  await input.fill("Tell me a long story [[slow]]");
  await page.getByRole("button", { name: "Send" }).click();
  const second = page.getByTestId("answer").nth(1);
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await expect(second).toContainText("Offline Gemini emulator", { timeout: 10_000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(second).toHaveAttribute("data-status", "partial");
  await expect(second.getByRole("alert")).toContainText("Stopped");
  const partialText = await second.innerText();

  // After a reload the history is exactly what was shown (the server kept the partial answer).
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByTestId("answer")).toHaveCount(2);
  await expect(page.locator('[data-role="user"]').first()).toHaveText("Hello, what can you do?");
  const reloaded = page.getByTestId("answer").nth(1);
  await expect(reloaded).toHaveAttribute("data-status", "partial");
  expect((await reloaded.innerText()).slice(0, 60)).toBe(partialText.slice(0, 60));

  // Retry replaces the stopped answer with a complete one.
  await reloaded.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("answer").nth(1)).toHaveAttribute("data-status", "complete", { timeout: 20_000 });

  // Rename from the sidebar, and the new title survives a reload.
  await expect(sidebar.getByText("Today")).toBeVisible();
  await sidebar.getByRole("button", { name: /^Actions for / }).click();
  await sidebar.getByRole("menuitem", { name: /^Rename / }).click();
  await sidebar.getByLabel("Conversation title").fill("Renamed chat");
  await sidebar.getByLabel("Conversation title").press("Enter");
  await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toBeVisible();
  await page.goto(url);
  await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toBeVisible();

  // Delete it: gone from the sidebar and its address is a 404.
  page.once("dialog", (d) => void d.accept());
  await sidebar.getByRole("button", { name: "Actions for Renamed chat" }).click();
  await sidebar.getByRole("menuitem", { name: "Delete Renamed chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toHaveCount(0);
  expect((await page.request.get(url)).status()).toBe(404);
});

test("a message over the length limit stays in the box, with the limit shown, and is not sent", async ({ page }) => {
  await page.goto("/chat");
  const input = page.getByLabel("Message");
  const long = "word ".repeat(6_401).trim(); // 32,004 characters
  await input.fill(long);
  const limit = page.getByRole("alert").filter({ hasText: "the limit is 32,000" });
  await expect(limit).toContainText("This message is 32,004 characters; the limit is 32,000. Shorten it to send.");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await input.press("Enter");
  await expect(input).toHaveValue(long);
  await expect(page.getByTestId("answer")).toHaveCount(0);
  // Shortened to the limit, it sends.
  await input.fill(long.slice(0, 32_000));
  await expect(limit).toHaveCount(0);
  await input.press("Enter");
  await expect(page.getByTestId("answer").first()).toContainText("Offline Gemini emulator", { timeout: 30_000 });
});

test("a blocked prompt and a failing model each get their own message, and it fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/chat");
  const input = page.getByLabel("Message");
  await input.fill("something [[block]]");
  await input.press("Enter");
  const answer = page.getByTestId("answer").first();
  await expect(answer).toHaveAttribute("data-status", "blocked");
  await expect(answer.getByRole("alert")).toContainText("declined this message for safety reasons");

  await input.fill("new question [[503]]");
  await input.press("Enter");
  const failed = page.getByTestId("answer").nth(1);
  await expect(failed).toHaveAttribute("data-status", "error", { timeout: 30_000 });
  await expect(failed.getByRole("alert")).toContainText("temporarily unavailable");
  // No horizontal scrolling at phone width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
