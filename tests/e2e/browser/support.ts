import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { bootstrap } from "../../../src/bootstrap.ts";
import { type RunningServer, startServer } from "../../../src/server.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { createTestContext, type TestContext } from "../../support/context.ts";

export const ARTIFACTS = path.resolve("test-results/e2e");

/** Where Chromium lives: CHROMIUM_PATH, or Debian's package. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((p) => p && fs.existsSync(p));
  if (!found)
    throw new Error("Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH");
  return found;
}

export interface Stack {
  ctx: TestContext;
  server: RunningServer;
  workers: Workers;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The whole system as a user meets it: a fresh database with content and demo seeds, the real
 * HTTP + socket.io server with in-process workers, and a headless Chromium. `demo: false`
 * leaves out content loading and demo seeds, for tests that build their own fixtures.
 */
export async function startStack(opts: { demo?: boolean } = {}): Promise<Stack> {
  const demo = opts.demo ?? true;
  const ctx = await createTestContext({ SEED_DEMO: String(demo), WEBHOOK_ALLOW_PRIVATE: "true" });
  // Without the demo, tests build their own organisations (the review factories' fixed slugs).
  if (demo) await bootstrap(ctx.deps);
  const server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  ctx.deps.config = { ...ctx.deps.config, publicUrl: baseUrl };
  const workers = await startWorkers(ctx.deps, { pollInterval: 100 });
  ctx.deps.workers = workers;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    ctx,
    server,
    workers,
    browser,
    baseUrl,
    async close() {
      await browser.close();
      await server.close();
      await workers.stop();
      await ctx.close();
    },
  };
}

/** Saves a full-page screenshot as a test artifact, numbered in the order of the story. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
