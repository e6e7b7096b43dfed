import { defineConfig } from "vitest/config";

/** Browser end-to-end tests: real Chromium against the real server. `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ["tests/e2e/browser/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
