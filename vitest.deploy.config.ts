import { defineConfig } from "vitest/config";

/**
 * Deploy tests: the real nginx of infra/ in front of API and worker processes started from the
 * built JavaScript (dist/, compiled first). `npm run test:deploy`; .ci/run installs nginx.
 */
export default defineConfig({
  test: {
    include: ["tests/deploy/nginx.test.ts"],
    globalSetup: ["tests/deploy/build-setup.ts", "tests/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
