// The chat screen's shape and behaviour in a real browser, at a laptop's and a
// phone's size: it fills the viewport (composer fixed, only the message list
// scrolls), follows a streaming answer only while the reader is at the bottom,
// shows refusals beside the composer with the message kept, and "New chat"
// always starts a new conversation.
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./env";

const SIZES = [
  { name: "laptop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

/** A message tall enough that three exchanges overflow any screen. */
const TALL = Array.from({ length: 14 }, (_, i) => `Line ${i + 1} of a long question.`).join("\n");

async function send(page: Page, text: string, done = true) {
  const input = page.getByLabel("Message");
  await input.fill(text);
  await input.press("Enter");
  if (done) {
    const last = page.getByTestId("answer").last();
    await expect(last).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  }
}

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
}

for (const size of SIZES) {
  test(`at ${size.name} size the composer, header and meter stay in view; only the messages scroll`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto("/chat");
    for (let i = 0; i < 3; i++) await send(page, `${TALL}\nQuestion ${i + 1}`);
    await expect(page.getByTestId("usage-meter")).toBeVisible();

    const input = await box(page, "#chat-input");
    expect(input.y + input.height).toBeLessThanOrEqual(size.height);
    expect(input.y).toBeGreaterThan(size.height / 2);
    const header = await box(page, "header nav");
    expect(header.y).toBeGreaterThanOrEqual(0);
    const meter = await box(page, '[data-testid="usage-meter"]');
    expect(meter.y).toBeGreaterThanOrEqual(0);
    expect(meter.y + meter.height).toBeLessThanOrEqual(input.y);

    // The page itself does not scroll; the message list does.
    const page_ = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollHeight,
      view: window.innerHeight,
    }));
    expect(page_.scroll).toBeLessThanOrEqual(page_.view);
    const list = page.getByTestId("message-scroller");
    const metrics = await list.evaluate((el) => ({ h: el.scrollHeight, c: el.clientHeight, top: el.scrollTop }));
    expect(metrics.h).toBeGreaterThan(metrics.c);
    // After an answer the reader is at the newest message.
    expect(metrics.top + metrics.c).toBeGreaterThanOrEqual(metrics.h - 2);
  });
}

/** Sets the emulator's faults for one test (each call replaces the whole config). */
async function geminiFaults(faults: Record<string, unknown>) {
  const res = await fetch(`${E2E.geminiUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`emulator faults: ${res.status} ${await res.text()}`);
}

test.describe("a streaming answer", () => {
  // A second between chunks: every step below waits for the next chunk, never a fixed
  // time, and the answer (6-12 chunks) is still streaming when the last step runs.
  test.beforeEach(() => geminiFaults({ chunkIntervalMs: 1_000 }));
  test.afterEach(() => geminiFaults({}));

  test("pulls the reader down only while they are at the bottom", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/chat");
    for (let i = 0; i < 2; i++) await send(page, `${TALL}\nQuestion ${i + 1}`);
    const list = page.getByTestId("message-scroller");
    const toBottom = page.getByRole("button", { name: /newest message/i });
    await expect(toBottom).toHaveCount(0);

    await send(page, "Tell me a long story", false);
    const streaming = page.getByTestId("answer").last();
    await expect(streaming).toContainText("Offline Gemini emulator", { timeout: 15_000 });
    const fromEnd = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    const nextChunk = async () => {
      const before = (await streaming.textContent())!.length;
      await expect
        .poll(async () => (await streaming.textContent())!.length, { timeout: 5_000 })
        .toBeGreaterThan(before);
    };

    // A smooth wheel scroll's first frame moves only a few pixels up, still near the
    // end: the chunk that follows must not pull the reader back down.
    await list.evaluate((el) => {
      el.dispatchEvent(new WheelEvent("wheel", { deltaY: -10 }));
      el.scrollTop -= 10;
    });
    await expect(toBottom).toBeVisible();
    await nextChunk();
    expect(await fromEnd()).toBeGreaterThan(5);

    // The reader scrolls up to read: the view stays where they put it.
    const listBox = (await list.boundingBox())!;
    await page.mouse.move(listBox.x + listBox.width / 2, listBox.y + listBox.height / 2);
    await page.mouse.wheel(0, -20_000);
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeLessThan(5);
    await nextChunk();
    expect(await list.evaluate((el) => el.scrollTop)).toBeLessThan(5);
    await expect(toBottom).toBeVisible();

    // The button takes them back, and from there the answer is followed again.
    await expect(streaming).toHaveAttribute("data-status", "streaming");
    await toBottom.click();
    await expect(toBottom).toHaveCount(0);
    await nextChunk();
    expect(await fromEnd()).toBeLessThanOrEqual(50);
    await expect(streaming).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    expect(await fromEnd()).toBeLessThanOrEqual(50);
  });
});

for (const size of SIZES) {
  test(`at ${size.name} size a refused message is explained beside the composer, kept, and the wait counts down`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await page.goto("/chat");
    await send(page, `${TALL}\nFirst`);
    // Use up the guest's messages per minute (5), as a quick typist would.
    for (let i = 0; i < 4; i++) await send(page, `filler ${i}`);
    const text = "This one should be kept when it is refused";
    await send(page, text, false);
    const notice = page.getByTestId("chat-error");
    await expect(notice).toContainText("Too many messages");
    await expect(page.getByLabel("Message")).toHaveValue(text);

    const n = await box(page, '[data-testid="chat-error"]');
    const input = await box(page, "#chat-input");
    expect(n.y).toBeGreaterThanOrEqual(0);
    expect(n.y + n.height).toBeLessThanOrEqual(input.y);
    expect(input.y - (n.y + n.height)).toBeLessThan(80);

    const first = Number(await page.getByTestId("retry-seconds").textContent());
    expect(first).toBeGreaterThan(2);
    await page.waitForTimeout(2_200);
    const later = Number(await page.getByTestId("retry-seconds").textContent());
    expect(later).toBeLessThanOrEqual(first - 2);
  });
}

test("New chat always starts a new conversation, by button or shortcut, with the box focused", async ({ page }) => {
  await page.goto("/chat");
  const input = page.getByLabel("Message");
  await expect(input).toBeFocused();
  await send(page, "First conversation");
  await expect(page).toHaveURL(/\/chat\/[a-z0-9-]+$/);
  const first = page.url();

  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await sidebar.getByRole("button", { name: "New chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId("answer")).toHaveCount(0);
  await expect(input).toBeFocused();
  await send(page, "Second conversation");
  await expect(page).toHaveURL(/\/chat\/[a-z0-9-]+$/);
  const second = page.url();
  expect(second).not.toBe(first);
  await expect(page.locator('[data-role="user"]')).toHaveCount(1);

  // The shortcut does the same from anywhere on the screen.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("Control+Shift+O");
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId("answer")).toHaveCount(0);
  await expect(input).toBeFocused();
  await send(page, "Third conversation");
  await expect(page.locator('[data-role="user"]')).toHaveCount(1);
  await expect(page.locator('[data-role="user"]')).toHaveText("Third conversation");
  await expect(sidebar.getByRole("link")).toHaveCount(3);

  // Opening an older one from the sidebar shows it, and New chat leaves it again.
  await sidebar.getByRole("link", { name: "First conversation" }).click();
  await expect(page.locator('[data-role="user"]')).toHaveText("First conversation");
  await sidebar.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByTestId("answer")).toHaveCount(0);
  await sidebar.getByRole("link", { name: "First conversation" }).click();
  await expect(page.locator('[data-role="user"]')).toHaveText("First conversation");
});
