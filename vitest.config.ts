import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "src/**/*.test.ts", "workers/**/*.test.ts"],
    // The nginx test needs nginx and a build: `npm run test:deploy` (vitest.deploy.config.ts).
    exclude: ["tests/e2e/browser/**", "tests/deploy/nginx.test.ts", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Polls wait up to 20 s unless a test says otherwise (tests/support/wait.ts WAIT).
    expect: { poll: { timeout: 20_000, interval: 100 } },
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
