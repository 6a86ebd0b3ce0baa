// What the chat says at the edge of a budget, in a browser: a conversation too
// long for what is left is told to start a new chat (and a new chat then works),
// an allowance that is really used up is called that, the meter agrees with the
// refusal, reset times are in the reader's time zone in both, and the meter does
// not keep counting a stopped answer's hold.
import { expect, test, type Page } from "@playwright/test";
import { ownerOf, withDb } from "./users";

test.use({ timezoneId: "America/New_York" });

async function send(page: Page, text: string) {
  const input = page.getByLabel("Message");
  await input.fill(text);
  await input.press("Enter");
}

async function usedToday(userId: string): Promise<number> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT COALESCE(SUM(total_tokens), 0)::int AS t FROM usage_ledger WHERE user_id = $1`,
      [userId],
    );
    return rows[0].t as number;
  });
}

const setDaily = (userId: string, tokens: number) =>
  withDb((db) => db.query(`UPDATE users SET daily_token_override = $2 WHERE id = $1`, [userId, tokens]));

test("too long for what's left: start a new chat; used up: the allowance, with one reset time", async ({ page }) => {
  await page.goto("/chat");
  // About 2,000 tokens of history.
  await send(page, `Please read this. ${"The quick brown fox jumps over the lazy dog. ".repeat(180)}`);
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  const convo = page.url().split("/").pop()!;
  const userId = await ownerOf(convo);

  // What is left takes a short new chat, not this conversation's next turn.
  await setDaily(userId, (await usedToday(userId)) + 2_000);
  await send(page, "And one more question about it?");
  const notice = page.getByTestId("chat-error");
  await expect(notice).toContainText("This conversation is too long for what's left today; start a new chat.");
  await expect(notice).not.toContainText("allowance");
  await expect(page.getByLabel("Message")).toHaveValue("And one more question about it?");
  await expect(page.getByTestId("usage-limit")).toHaveCount(0);

  await notice.getByRole("button", { name: "Start a new chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await send(page, "Short one");
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });

  // Now not even a short message fits: the meter says so, and so does the refusal, with the same local time.
  // Less than any turn can hold: its answer alone is capped no lower than 256 tokens.
  await setDaily(userId, (await usedToday(userId)) + 200);
  await page.reload();
  const meterLimit = page.getByTestId("usage-limit");
  await expect(meterLimit).toBeVisible();
  await expect(page.getByTestId("usage-warning")).toHaveCount(0);
  await send(page, "Anything?");
  await expect(notice).toContainText("You've used today's allowance. It resets at");
  await expect(notice).not.toContainText("UTC");
  const meterTime = meterLimit.locator("time");
  const noticeTime = notice.locator("time");
  await expect(noticeTime).toHaveAttribute("datetime", (await meterTime.getAttribute("datetime"))!);
  await expect(noticeTime).toHaveText((await meterTime.textContent())!);
});

test("after Stop the meter settles to what the answer used, not its hold", async ({ page }) => {
  await page.goto("/chat");
  await send(page, "Hello");
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  const userId = await ownerOf(page.url().split("/").pop()!);

  // [[slow]]: 2 s before the first chunk, so Stop lands while the answer's hold is live.
  await send(page, "Tell me a long story [[slow]]");
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("answer").last()).toHaveAttribute("data-status", "partial");

  const meterUsed = async () => (await page.getByTestId("usage-day").innerText()).match(/([\d,.]+k?) used/)?.[1];
  await expect
    .poll(async () => (await meterUsed()) === (await usedToday(userId)).toLocaleString("en-US"), { timeout: 15_000 })
    .toBe(true);
});
