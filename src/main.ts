import { startWorkers } from "../workers/runner.ts";
import { loadConfigOrExit } from "./config.ts";
import { startOcr } from "./images/ocr/ocr-pool.ts";
import { createLogger } from "./log.ts";
import { bootstrap, openDeps } from "./runtime.ts";
import { startServer } from "./server.ts";

const DEMO_LOGINS = [
  "coordinator@demo.chorus",
  "expert.health@demo.chorus",
  "expert.food@demo.chorus",
  "expert.peer@demo.chorus",
  "reviewer.health@demo.chorus",
  "reviewer.publicity@demo.chorus",
  "reviewer.market@demo.chorus",
  "media@demo.chorus",
  "admin@demo.chorus",
];

async function main() {
  const config = loadConfigOrExit(process.env);
  const log = createLogger({ level: config.logLevel });
  const opened = await openDeps(config, log);
  const { deps } = opened;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests and jobs");
    await server?.close();
    await workers?.stop();
    await opened.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    const loaded = await bootstrap(deps);
    if (loaded.length) log.info({ loaded }, "content and seeds loaded");
    server = await startServer(deps, {
      port: config.port,
      host: config.host,
      processMetrics: true,
    });
    if (config.runWorkers) {
      workers = await startWorkers(deps);
      deps.workers = workers;
    }
    startOcr().catch((err) => log.warn({ err: (err as Error).message }, "OCR unavailable"));
  } catch (err) {
    log.fatal({ err: (err as Error).message }, "could not start");
    await opened.close();
    process.exit(1);
  }

  const lines = [
    "",
    `Chorus 应急科普快速响应平台 is running at ${server.url}`,
    `  API reference: ${server.url}/api/docs    readiness: ${server.url}/readyz`,
    ...opened.started.map((s) => `  embedded ${s} (data in ${config.dataDir})`),
    ...(config.seedDemo
      ? ["  demo logins (password chorus-demo-2020):", ...DEMO_LOGINS.map((l) => `    ${l}`)]
      : []),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err) => {
  process.stderr.write(`Chorus could not start: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
