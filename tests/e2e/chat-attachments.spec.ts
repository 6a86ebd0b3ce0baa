// Files in a browser: a Pro user attaches an image and a PDF, asks with web
// search on, sees the files in the message and numbered citations in the
// answer, and the ledger row carries the image's, the document's and the
// searches' costs. A renamed file is refused beside it, before anything is sent.
import { expect, test } from "@playwright/test";
import { PNG_1PX, pdfWithPages } from "../helpers/media-fixtures";
import { signedInUser, withDb } from "./users";

test("an image and a PDF with search on: shown in the message, cited, and metered by modality", async ({
  page,
  context,
}) => {
  const user = await signedInUser(context, { tier: "pro" });
  await page.goto("/chat");
  await page.getByTestId("file-input").setInputFiles([
    { name: "chart.png", mimeType: "image/png", buffer: PNG_1PX },
    { name: "report.pdf", mimeType: "application/pdf", buffer: pdfWithPages(2) },
  ]);
  const pending = page.getByTestId("pending-files");
  await expect(pending.getByText("PDF · 2 pages")).toBeVisible();
  await expect(pending.getByText(/^Image · /)).toBeVisible();
  await page.getByLabel("Search the web").check();
  await page.getByLabel("Message").fill("What do the chart and the report show? Who published them?");
  await page.getByRole("button", { name: "Send" }).click();

  const answer = page.getByTestId("answer").last();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(page.getByTestId("pending-files")).toHaveCount(0);
  const sent = page.getByTestId("sent-files").last();
  await expect(sent.getByRole("img", { name: "chart.png" })).toBeVisible();
  await expect(sent.getByText("report.pdf")).toBeVisible();
  await expect(answer.getByTestId("sources").getByRole("link").first()).toBeVisible();
  await expect(answer.getByRole("link", { name: "[1]" }).first()).toBeVisible();

  const row = await withDb(async (db) => {
    const { rows } = await db.query<{
      input_image_tokens: number;
      input_document_tokens: number;
      search_queries: number;
      cost_micros: string;
    }>(
      `SELECT input_image_tokens, input_document_tokens, search_queries, cost_micros FROM usage_ledger
       WHERE user_id = $1 AND purpose = 'chat'`,
      [user.id],
    );
    return rows[0];
  });
  expect(row?.input_image_tokens).toBeGreaterThan(0);
  expect(row?.input_document_tokens).toBeGreaterThan(0);
  expect(row?.search_queries).toBeGreaterThan(0);
  expect(Number(row?.cost_micros)).toBeGreaterThan(row!.search_queries * 14_000);
});

test("a text file renamed .png is refused beside it and never sent", async ({ page, context }) => {
  await signedInUser(context, { tier: "pro" });
  await page.goto("/chat");
  await page
    .getByTestId("file-input")
    .setInputFiles([{ name: "cat.png", mimeType: "image/png", buffer: Buffer.from("not a picture") }]);
  await expect(page.getByTestId("pending-files").getByRole("alert")).toContainText("cat.png is not a PNG");
  await page.getByRole("button", { name: "Remove cat.png" }).click();
  await expect(page.getByTestId("pending-files")).toHaveCount(0);
});

test("a refused message comes back to the composer with its files", async ({ page }) => {
  // A guest may send 2 files a message; 3 are refused, and nothing is lost.
  await page.goto("/chat");
  await page
    .getByTestId("file-input")
    .setInputFiles(
      ["a", "b", "c"].map((n) => ({ name: `${n}.txt`, mimeType: "text/plain", buffer: Buffer.from(`note ${n}`) })),
    );
  const pending = page.getByTestId("pending-files");
  await expect(pending.getByText(/^Text · /)).toHaveCount(3);
  await page.getByLabel("Message").fill("Compare these notes");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("takes up to 2 files a message")).toBeVisible();
  await expect(page.getByLabel("Message")).toHaveValue("Compare these notes");
  await expect(pending.getByText(/^Text · /)).toHaveCount(3);
});
