import { expect, test } from "@playwright/test";

test("landing page says what the product is and links onward", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chat with Gemini");
  for (const [name, path] of [
    ["Start chatting", "/chat"],
    ["See pricing", "/pricing"],
  ] as const) {
    await expect(page.getByRole("link", { name })).toHaveAttribute("href", path);
  }
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    "/sign-in",
  );

  const footer = page.getByTestId("services-status");
  await expect(footer.locator('[data-service="Database"]')).toHaveAttribute("data-mode", "local");
  await expect(footer.locator('[data-service="Gemini"]')).toContainText("local stand-in");
  await expect(footer.locator('[data-service="Stripe"]')).toContainText("local stand-in");

  await page.getByRole("link", { name: "See pricing" }).click();
  await expect(page).toHaveURL(/\/pricing$/);
});

test("health and readiness answer on the production server", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect((await ready.json()).status).toBe("ready");
});
