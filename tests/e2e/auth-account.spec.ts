// Against the default e2e server (local mailbox stand-in): sign in through
// /dev/mailbox, manage an API key on /account, and check the key works until
// revoked. Anonymous visitors never get the account page.
import { expect, test } from "@playwright/test";
import { E2E } from "./env";

test("anonymous visitors are sent to sign-in from /account", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount|\/sign-in\?callbackUrl=\/account/);
});

test("sign in via the local mailbox, create a key, use it, revoke it", async ({ page, request }) => {
  const email = `mailbox-${Date.now()}@example.com`;
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");

  await page.goto("/dev/mailbox");
  const mail = page.getByRole("listitem").filter({ hasText: email }).first();
  await expect(mail).toContainText("Sign in to Gemini Chat");
  await mail.getByRole("link", { name: /\/api\/auth\/callback\/email/ }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();

  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toContainText(email);
  await page.getByLabel("Key name").fill("e2e script");
  await page.getByLabel("can read chats").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^gck_/);

  const withKey = () => request.get(`${E2E.appUrl}/api/usage`, { headers: { authorization: `Bearer ${secret}` } });
  expect((await withKey()).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "e2e script" })).not.toContainText("never");
  await expect(page.getByRole("row").filter({ hasText: "e2e script" }).getByTestId("key-scopes")).toHaveText(
    "chat, read",
  );

  page.once("dialog", (d) => void d.accept());
  await page
    .getByRole("row")
    .filter({ hasText: "e2e script" })
    .getByRole("button", { name: /Revoke/ })
    .click();
  await expect(page.getByRole("row").filter({ hasText: "e2e script" })).toContainText("revoked");
  const refused = await withKey();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized:api");
});
