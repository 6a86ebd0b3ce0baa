// The small things of the chat screen, each checked in a browser: markdown
// styled like a good chat app's, a code block's Copy button clear of the code on
// a phone, a cancelled rename that stays cancelled, whole titles in the sidebar,
// and long pastes folded.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { signedInUser, withDb } from "./users";

const ANSWER = [
  "## A heading",
  "",
  "Plain text with `inline code` in it.",
  "",
  "> A quoted line.",
  "",
  "```ts",
  "const answer = 42; // a line long enough to reach the right edge of a phone screen",
  "```",
].join("\n");

async function conversationWith(userId: string, title: string, answer = ANSWER): Promise<string> {
  const id = crypto.randomUUID();
  await withDb(async (db) => {
    await db.query(`INSERT INTO conversations (id, user_id, title, updated_at) VALUES ($1, $2, $3, now())`, [
      id,
      userId,
      title,
    ]);
    await db.query(
      `INSERT INTO messages (id, conversation_id, role, content, status, created_at)
       VALUES ($1, $3, 'user', 'Show me markdown', 'complete', now() - interval '1 second'),
              ($2, $3, 'model', $4, 'complete', now())`,
      [crypto.randomUUID(), crypto.randomUUID(), id, answer],
    );
  });
  return id;
}

test("markdown answers have real headings, quotes and inline code", async ({ page, context }) => {
  const user = await signedInUser(context);
  await page.goto(`/chat/${await conversationWith(user.id, "Markdown")}`);
  const answer = page.getByTestId("answer");
  const size = (sel: string) =>
    answer
      .locator(sel)
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await size("h2")).toBeGreaterThan((await size("p")) * 1.15);
  expect(await answer.locator("h2").evaluate((el) => Number(getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(
    600,
  );
  const quote = answer.locator("blockquote");
  expect(await quote.evaluate((el) => parseFloat(getComputedStyle(el).borderLeftWidth))).toBeGreaterThan(0);
  const code = answer.locator("p code");
  expect(await code.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
});

test("on a phone the Copy button does not cover the code", async ({ page, context }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const user = await signedInUser(context);
  await page.goto(`/chat/${await conversationWith(user.id, "Code")}`);
  const copy = await page.getByRole("button", { name: "Copy", exact: true }).boundingBox();
  const code = await page.locator("pre code").boundingBox();
  expect(copy && code).toBeTruthy();
  const overlaps =
    copy!.x < code!.x + code!.width &&
    copy!.x + copy!.width > code!.x &&
    copy!.y < code!.y + code!.height &&
    copy!.y + copy!.height > code!.y;
  expect(overlaps).toBe(false);
});

test("Copy answer puts the whole answer's markdown on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const user = await signedInUser(context);
  await page.goto(`/chat/${await conversationWith(user.id, "Copy me")}`);
  await page.getByRole("button", { name: "Copy answer" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ANSWER);
});

test("sidebar titles are whole, and a cancelled rename does not come back", async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const user = await signedInUser(context);
  const title = "Planning a trip to Lisbon";
  await page.goto(`/chat/${await conversationWith(user.id, title)}`);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const link = sidebar.getByRole("link", { name: title });
  expect(await link.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await sidebar.getByRole("button", { name: `Actions for ${title}` }).click();
  await sidebar.getByRole("menuitem", { name: `Rename ${title}` }).click();
  await sidebar.getByLabel("Conversation title").fill("Something I did not mean");
  await sidebar.getByLabel("Conversation title").press("Escape");
  await expect(link).toBeVisible();
  await sidebar.getByRole("button", { name: `Actions for ${title}` }).click();
  await sidebar.getByRole("menuitem", { name: `Rename ${title}` }).click();
  await expect(sidebar.getByLabel("Conversation title")).toHaveValue(title);
});

test("a long paste is folded, and opens on request", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/chat");
  const paste = Array.from({ length: 80 }, (_, i) => `log line ${i + 1}: something happened`).join("\n");
  await page.getByLabel("Message").fill(paste);
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  const bubble = page.locator('[data-role="user"]').first();
  expect((await bubble.boundingBox())!.height).toBeLessThan(400);
  await bubble.getByRole("button", { name: /Show all \(80 lines\)/ }).click();
  expect((await bubble.boundingBox())!.height).toBeGreaterThan(800);
  await expect(bubble).toContainText("log line 80");
});

test("a thought summary opens under Thinking, its markdown rendered", async ({ page }) => {
  await page.goto("/chat");
  const input = page.getByLabel("Message");
  await input.fill("Why is the sky blue?");
  await input.press("Enter");
  const answer = page.getByTestId("answer").last();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  const thinking = answer.getByTestId("thinking");
  await thinking.locator("summary").click();
  // The emulator's summary starts with a bold heading, as Gemini's do.
  await expect(thinking.locator("strong").first()).toBeVisible();
  await expect(thinking).not.toContainText("**");
});
