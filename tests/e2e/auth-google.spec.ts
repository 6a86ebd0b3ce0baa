// Google sign-in end to end: a local OpenID provider (oidc-provider) stands in for
// Google as the provider's issuer (GOOGLE_ISSUER); the user signs in there, comes
// back signed in, and ADMIN_EMAILS makes them an admin.
import { expect, test } from "@playwright/test";
// @ts-expect-error -- oidc-provider ships no type declarations
import Provider from "oidc-provider";
import type { Server } from "node:http";
import { freePort } from "../../lib/db/embedded";
import { bootStandalone, type BootedServer } from "../helpers/standalone";
import { E2E } from "./env";

const email = `google-${Date.now()}@example.com`;
let issuer: Server;
let app: BootedServer;

test.beforeAll(async () => {
  const [oidcPort, appPort] = [await freePort(), await freePort()];
  const issuerUrl = `http://127.0.0.1:${oidcPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const provider = new (
    Provider as new (
      issuer: string,
      config: unknown,
    ) => { callback(): Parameters<typeof import("node:http").createServer>[0] }
  )(issuerUrl, {
    clients: [
      {
        client_id: "e2e-google-client",
        client_secret: "e2e-google-secret",
        redirect_uris: [`${appUrl}/api/auth/callback/google`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "picture"] },
    // next-auth reads the profile from the ID token, so the claims must be in it.
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email, email_verified: true, name: "Google Tester", picture: "" }),
    }),
    features: { devInteractions: { enabled: true } },
  });
  const { createServer } = await import("node:http");
  issuer = createServer(provider.callback());
  await new Promise<void>((resolve) => issuer.listen(oidcPort, "127.0.0.1", resolve));
  app = await bootStandalone({
    databaseUrl: E2E.databaseUrl,
    port: appPort,
    env: {
      GOOGLE_CLIENT_ID: "e2e-google-client",
      GOOGLE_CLIENT_SECRET: "e2e-google-secret",
      GOOGLE_ISSUER: issuerUrl,
      ADMIN_EMAILS: email,
    },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => (issuer ? issuer.close(() => resolve()) : resolve()));
});

test("Google sign-in through the local OpenID provider signs the user in as admin", async ({ page }) => {
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill("google-sub-1");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
  await page.waitForURL(new RegExp(`${app.url.replace(/\./g, "\\.")}/chat`));

  await page.goto(`${app.url}/account`);
  await expect(page.getByTestId("account-email")).toContainText(email);
  await expect(page.getByTestId("account-email")).toContainText("admin");
});
