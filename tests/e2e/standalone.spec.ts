// What the Dockerfile ships: `node server.js` from the standalone output, with
// production configuration, against the test database.
import { expect, test } from "@playwright/test";
import { bootStandalone } from "../helpers/standalone";
import { E2E } from "./env";

test("the standalone server boots in production mode and is ready", async () => {
  const server = await bootStandalone({ databaseUrl: E2E.databaseUrl });
  try {
    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    const home = await fetch(server.url);
    expect(home.status).toBe(200);
    // Static assets are served from the copied .next/static folder.
    const css = /href="(\/_next\/static\/[^"]+\.css)"/.exec(await home.text())?.[1];
    expect(css).toBeTruthy();
    expect((await fetch(`${server.url}${css}`)).status).toBe(200);
  } finally {
    await server.stop();
  }
});

test("the standalone server refuses to start without production secrets", async () => {
  await expect(
    bootStandalone({ databaseUrl: E2E.databaseUrl, env: { GEMINI_API_KEY: "", AUTH_SECRET: "" }, timeoutMs: 15_000 }),
  ).rejects.toThrow(
    /AUTH_SECRET is required in production[\s\S]*GEMINI_API_KEY is required in production|GEMINI_API_KEY is required in production[\s\S]*AUTH_SECRET/,
  );
});
