import { defineConfig } from "vitest/config";

/** Browser end-to-end tests: real Chromium against the real server. `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ["tests/e2e/browser/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // What a page shows after a click, a job or a socket message can take seconds on a loaded
    // machine: polls (expect.poll) wait up to 20 s unless a test says otherwise.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    pool: "forks",
    maxWorkers: 1,
  },
});
