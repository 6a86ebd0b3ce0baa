// Addresses of the end-to-end environment (see scripts/e2e-server.ts). Overridable
// so two runs on one machine do not collide.
const appPort = Number(process.env.E2E_PORT ?? 3100);
const pgPort = Number(process.env.E2E_PG_PORT ?? 54339);
const geminiPort = Number(process.env.E2E_GEMINI_PORT ?? 54341);

export const E2E = {
  appPort,
  appUrl: `http://localhost:${appPort}`,
  pgPort,
  dataDir: `.data/e2e-${appPort}`,
  databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/app`,
  /** The Gemini emulator the app talks to; a test may set its faults (and must reset them). */
  geminiUrl: `http://127.0.0.1:${geminiPort}`,
  geminiPort,
};
