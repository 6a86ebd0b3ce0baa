// Magic-link sign-in end to end: a production server whose SMTP_URL points at a
// real SMTP server started here; the mail is caught, its link followed, and the
// user is signed in. A reused link and an expired one are refused.
import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { freePort } from "../../lib/db/embedded";
import { parseDatabaseUrl } from "../../lib/db/pg-config";
import { bootStandalone, PRODUCTION_LIKE_ENV, type BootedServer } from "../helpers/standalone";
import { E2E } from "./env";

const inbox: { to: string; raw: string }[] = [];
let smtp: SMTPServer;
let app: BootedServer;

test.beforeAll(async () => {
  const smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (d: Buffer) => (raw += d.toString("utf8")));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
  app = await bootStandalone({
    databaseUrl: E2E.databaseUrl,
    // Every request here comes from 127.0.0.1: the per-IP limit (10 in five minutes,
    // tested in tests/integration) would otherwise decide these tests, not the per-address one.
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAGIC_LINK_LIMIT_PER_IP: "1000" },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
});

/** The sign-in link from the caught mail (quoted-printable decoded). */
async function linkFor(email: string, after: number): Promise<string> {
  await expect.poll(() => inbox.filter((m) => m.to === email).length, { timeout: 15_000 }).toBeGreaterThan(after);
  const raw = inbox.filter((m) => m.to === email).at(-1)!.raw;
  const decoded = raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const link = /https?:\/\/[^\s"<>]+\/api\/auth\/callback\/email\?[^\s"<>]+/.exec(decoded)?.[0];
  expect(link, "a sign-in link in the mail").toBeTruthy();
  return link!.replace(/&amp;/g, "&");
}

/** A guest with one conversation, and a browser holding that guest's signed cookie. */
async function guestWithChat(browser: Browser, db: pg.Client, title: string) {
  const guestId = `guest${crypto.randomBytes(8).toString("hex")}`;
  const convId = `conv${crypto.randomBytes(8).toString("hex")}`;
  await db.query("INSERT INTO users (id, is_guest, tier, updated_at) VALUES ($1, true, 'guest', now())", [guestId]);
  await db.query("INSERT INTO conversations (id, user_id, title, updated_at) VALUES ($1, $2, $3, now())", [
    convId,
    guestId,
    title,
  ]);
  // The server's signed guest cookie, made with the same secret the server runs with.
  const mac = crypto.createHmac("sha256", PRODUCTION_LIKE_ENV.AUTH_SECRET).update(guestId).digest("base64url");
  const context = await browser.newContext();
  await context.addCookies([
    { name: "gc_guest", value: `${guestId}.${mac}`, url: app.url, httpOnly: true, sameSite: "Lax" },
  ]);
  return { guestId, convId, context };
}

async function requestLink(page: Page, email: string): Promise<string> {
  const before = inbox.filter((m) => m.to === email).length;
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");
  return linkFor(email, before);
}

test("a magic link signs the user in once; reused and expired links are refused", async ({ browser }) => {
  const email = `magic-${Date.now()}@example.com`;
  // Real SMTP is configured here, so the local mailbox page does not exist.
  expect((await fetch(`${app.url}/dev/mailbox`)).status).toBe(404);
  const first = await browser.newContext();
  const page = await first.newPage();
  const link = await requestLink(page, email);

  await page.goto(link);
  await page.goto(`${app.url}/account`);
  await expect(page.getByTestId("account-email")).toContainText(email);
  const cookies = await first.cookies(app.url);
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  expect((session?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(6.9 * 86_400);
  await first.close();

  // The same link again, from another browser: refused, and the error is shown.
  const second = await browser.newContext();
  const again = await second.newPage();
  await again.goto(link);
  await expect(again.getByText("That sign-in link is invalid, already used or expired")).toBeVisible();
  await again.goto(`${app.url}/account`);
  await expect(again).toHaveURL(/\/sign-in/);

  // An expired link: a fresh one whose token is aged past 15 minutes.
  const expiredLink = await requestLink(again, email);
  const db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
  try {
    const aged = await db.query(
      "UPDATE verification_tokens SET expires = now() - interval '1 minute' WHERE identifier = $1",
      [email],
    );
    expect(aged.rowCount).toBeGreaterThan(0);
  } finally {
    await db.end();
  }
  await again.goto(expiredLink);
  await expect(again.getByText("That sign-in link is invalid, already used or expired")).toBeVisible();
  await again.goto(`${app.url}/account`);
  await expect(again).toHaveURL(/\/sign-in/);
  await second.close();
});

test("a guest who signs up keeps their chats", async ({ browser }) => {
  const db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
  try {
    const { guestId, convId, context } = await guestWithChat(browser, db, "guest chat");
    const page = await context.newPage();
    const email = `guest-${Date.now()}@example.com`;
    await page.goto(await requestLink(page, email));
    await page.goto(`${app.url}/account`);
    await expect(page.getByTestId("account-email")).toContainText(email);

    const owner = await db.query<{ user_id: string; email: string }>(
      "SELECT c.user_id, u.email FROM conversations c JOIN users u ON u.id = c.user_id WHERE c.id = $1",
      [convId],
    );
    expect(owner.rows[0]?.email).toBe(email);
    expect((await db.query("SELECT 1 FROM users WHERE id = $1", [guestId])).rowCount).toBe(0);
    expect((await context.cookies(app.url)).some((c) => c.name === "gc_guest")).toBe(false);
    await context.close();
  } finally {
    await db.end();
  }
});

test("sign-in emails to one address are rate limited, and the form says so", async ({ page }) => {
  const email = `limited-${Date.now()}@example.com`;
  for (let i = 0; i < 3; i++) await requestLink(page, email);
  await page.goto(`${app.url}/sign-in`);
  // The same address in other letters counts as the same inbox.
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in emails were asked for" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(inbox.filter((m) => m.to === email)).toHaveLength(3);
});

test("forged sign-in email requests send nothing and spend none of the address's allowance", async ({
  page,
  request,
}) => {
  const email = `forged-${Date.now()}@example.com`;
  // What a cross-site form (or a script without next-auth's CSRF cookie) can send.
  for (const csrfToken of ["", "forged", "a".repeat(64)]) {
    const res = await request.post(`${app.url}/api/auth/signin/email`, {
      form: { email, csrfToken, callbackUrl: "/chat", json: "true" },
      maxRedirects: 0,
    });
    expect(res.status(), csrfToken).not.toBe(429);
    // next-auth's own answer to a failed CSRF check: back to sign-in, no email.
    expect(JSON.stringify(await res.json()), csrfToken).toContain("csrf=true");
  }
  // The person at that address still gets the whole allowance of three.
  for (let i = 0; i < 3; i++) await requestLink(page, email);
  expect(inbox.filter((m) => m.to === email)).toHaveLength(3);
});

test("a link opened in another browser signs nobody in and moves no guest chats", async ({ browser }) => {
  // The attacker asks for a link to their own address...
  const attacker = await browser.newContext();
  const attackerEmail = `attacker-${Date.now()}@example.com`;
  const link = await requestLink(await attacker.newPage(), attackerEmail);

  // ...and gets a guest, chatting in their own browser, to open it.
  const db = new pg.Client(parseDatabaseUrl(E2E.databaseUrl));
  await db.connect();
  try {
    const { guestId, convId, context: victim } = await guestWithChat(browser, db, "private");
    const page = await victim.newPage();
    await page.goto(`${app.url}/chat`); // a browser that has been here before
    await page.goto(link);
    await expect(page.getByText("This sign-in link was asked for in another browser")).toBeVisible();
    await page.goto(`${app.url}/account`);
    await expect(page).toHaveURL(/\/sign-in/);
    const owner = await db.query<{ user_id: string }>("SELECT user_id FROM conversations WHERE id = $1", [convId]);
    expect(owner.rows[0]?.user_id).toBe(guestId);
    expect((await victim.cookies(app.url)).some((c) => c.name.endsWith("next-auth.session-token"))).toBe(false);
    await victim.close();
  } finally {
    await db.end();
  }

  // The link was used up by nobody: it still works where it was asked for.
  const own = await attacker.newPage();
  await own.goto(link);
  await own.goto(`${app.url}/account`);
  await expect(own.getByTestId("account-email")).toContainText(attackerEmail);
  await attacker.close();
});

test("using a sign-in link voids the address's older links", async ({ browser }) => {
  const email = `older-${Date.now()}@example.com`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const older = await requestLink(page, email);
  const newer = await requestLink(page, email);
  await page.goto(newer);
  await page.goto(`${app.url}/account`);
  await expect(page.getByTestId("account-email")).toContainText(email);
  // The page's own session check answers with the session cookie again: let it
  // finish, and close the page, before the browser forgets its cookies.
  await page.waitForLoadState("networkidle");
  await page.close();
  await context.clearCookies();

  const next = await context.newPage();
  await next.goto(older);
  await expect(next.getByText("That sign-in link is invalid, already used or expired")).toBeVisible();
  await next.goto(`${app.url}/account`);
  await expect(next).toHaveURL(/\/sign-in/);
  await context.close();
});
