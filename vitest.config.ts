import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };

// Two projects: "unit" needs nothing running; "integration" gets one embedded
// PostgreSQL per run and a fresh database per test file (see tests/setup).
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests count each turn's model calls and holds exactly; a new conversation's written title
    // is one more call, so it is on only where it is tested (chat-title.test.ts) and in the browser suite.
    env: { LOG_LEVEL: "warn", NODE_ENV: "test", CHAT_TITLES: "first-line" },
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/emulators/**/*.test.ts", "tests/deploy/**/*.test.ts"],
          testTimeout: 30_000,
          // Starting an emulator loads the tokenizer (compiling its vocabulary takes ~1.5 s without the cache, far more on a busy machine).
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/worker-db.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
