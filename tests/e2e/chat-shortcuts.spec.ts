// The keyboard: Ctrl+/ lists the shortcuts in a dialog (Esc closes it), and
// Shift+Esc puts the focus back in the message box from anywhere.
import { expect, test } from "@playwright/test";

test("Ctrl+/ shows the shortcuts, and Shift+Esc focuses the message box", async ({ page }) => {
  await page.goto("/chat");
  const box = page.getByLabel("Message");
  await expect(box).toBeFocused();
  await page.keyboard.press("Control+/");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("row", { name: /Focus the message box/ })).toContainText("Shift + Esc");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "Keyboard shortcuts" }).focus();
  await expect(box).not.toBeFocused();
  await page.keyboard.press("Shift+Escape");
  await expect(box).toBeFocused();
});
