// Fixed addresses of the end-to-end environment (see scripts/e2e-server.ts).
export const E2E = {
  appPort: 3100,
  appUrl: "http://localhost:3100",
  pgPort: 54339,
  dataDir: ".data/e2e",
  databaseUrl: "postgresql://postgres:postgres@127.0.0.1:54339/app",
};
