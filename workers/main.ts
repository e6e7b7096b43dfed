import { loadConfigOrExit } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { exitOnSignal, openDeps } from "../src/runtime.ts";
import { startWorkers } from "./runner.ts";

/** `npm run worker`: runs the job queue's tasks without serving HTTP. */
async function main() {
  const config = loadConfigOrExit(process.env);
  const log = createLogger({ level: config.logLevel, name: "chorus-worker" });
  const opened = await openDeps(config, log);
  const workers = await startWorkers(opened.deps);
  log.info("worker running");
  exitOnSignal(
    log,
    async () => {
      await workers.stop();
      await opened.close();
    },
    () => opened.close(),
  );
}

main().catch((err) => {
  process.stderr.write(`worker could not start: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
