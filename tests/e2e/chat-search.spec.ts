// "Search the web" in a browser: a Pro user turns it on, the answer shows
// numbered citations linked to the sources listed under it, with the searches
// Gemini ran, and the ledger row bills the queries. A free guest sees no toggle.
import { expect, test } from "@playwright/test";
import { signedInUser, withDb } from "./users";

test("a grounded answer shows numbered citations, its sources and searches, and is billed per query", async ({
  page,
  context,
}) => {
  const user = await signedInUser(context, { tier: "pro" });
  await page.goto("/chat");
  await page.getByLabel("Search the web").check();
  await page.getByLabel("Message").fill("Who won the 2024 European football championship? Where was the final?");
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.getByTestId("answer").last();
  await expect(answer).toHaveAttribute("data-status", "complete");
  const sources = answer.getByTestId("sources");
  await expect(sources.getByRole("link")).toHaveCount(4);
  await expect(answer.getByTestId("search-queries")).toContainText("Searched:");
  // A citation in the text links to the same source as its number in the list.
  const first = await sources.getByRole("link").first().getAttribute("href");
  await expect(answer.getByRole("link", { name: "[1]" }).first()).toHaveAttribute("href", first!);

  const row = await withDb(async (db) => {
    const { rows } = await db.query<{ search_queries: number }>(
      `SELECT search_queries FROM usage_ledger WHERE user_id = $1 AND purpose = 'chat'`,
      [user.id],
    );
    return rows[0];
  });
  expect(row?.search_queries).toBe(2);
});

test("a plan without web search has no toggle", async ({ page }) => {
  await page.goto("/chat");
  await expect(page.getByLabel("Message")).toBeVisible();
  await expect(page.getByLabel("Search the web")).toHaveCount(0);
});
