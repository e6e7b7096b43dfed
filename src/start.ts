import { isLostQueueConnection, startWorkers } from "../workers/runner.ts";
import { type Config, loadConfigOrExit } from "./config.ts";
import { isPostgresWriteRace } from "./db/client.ts";
import type { Deps } from "./deps.ts";
import { startOcr } from "./images/ocr/ocr-pool.ts";
import { createLogger } from "./log.ts";
import { bootstrap, exitOnSignal, openDeps } from "./runtime.ts";
import { startServer } from "./server.ts";

export type Role = Config["role"];

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

/** `--role=api` (or `--role api`) on the command line, which wins over `ROLE`. */
export function roleFromArgs(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === "--role" || a.startsWith("--role="));
  if (i < 0) return undefined;
  const arg = argv[i] ?? "";
  return arg.includes("=") ? arg.slice("--role=".length) : argv[i + 1];
}

/** Runs `fn` while holding a session advisory lock, so API nodes starting together load content once each, in turn. */
async function oneAtATime<T>(sql: Deps["sql"], fn: () => Promise<T>): Promise<T> {
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(hashtext('chorus:bootstrap'))`;
    try {
      return await fn();
    } finally {
      await conn`select pg_advisory_unlock(hashtext('chorus:bootstrap'))`;
    }
  } finally {
    conn.release();
  }
}

/**
 * Starts one Chorus process in its role: `all` (HTTP + socket.io + jobs, the `npm start`
 * default), `api` (HTTP + socket.io; jobs run elsewhere) or `worker` (jobs only). SIGTERM and
 * SIGINT stop it within `SHUTDOWN_GRACE_MS`.
 * @example await startChorus({ ...process.env, ROLE: "api" });
 */
export async function startChorus(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfigOrExit(env);
  const serves = config.role !== "worker";
  const log = createLogger({
    level: config.logLevel,
    name: serves ? "chorus" : "chorus-worker",
  });
  const opened = await openDeps(config, log);
  const { deps } = opened;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  exitOnSignal(
    log,
    async () => {
      await server?.close();
      await workers?.stop();
      await opened.close();
    },
    () => opened.close(),
    config.shutdownGraceMs,
  );

  // A known postgres.js race when Postgres drops a connection (ADR 0170); anything else still
  // ends the process, as Node would.
  process.on("uncaughtException", (err) => {
    if (isPostgresWriteRace(err)) {
      log.warn(
        { err: err.message },
        "postgres.js wrote to a closed connection; its queries already failed",
      );
      return;
    }
    log.fatal({ err: err.stack ?? String(err) }, "uncaught exception");
    process.exit(1);
  });

  try {
    if (serves) {
      const loaded = await oneAtATime(deps.sql, () => bootstrap(deps));
      if (loaded.length) log.info({ loaded }, "content and seeds loaded");
      server = await startServer(deps, {
        port: config.port,
        host: config.host,
        processMetrics: true,
      });
    }
    if (config.runWorkers) {
      const running = await startWorkers(deps);
      workers = running;
      deps.workers = running;
      process.on("unhandledRejection", (reason) => {
        if (!isLostQueueConnection(reason)) throw reason;
        running.recover(reason);
      });
      // A worker node reads the screenshots reports could not wait for: models warm, kept.
      // API nodes load them only when a report brings an image, and unload them when idle.
      if (config.role === "worker") {
        startOcr({ keep: true }).catch((err) => log.warn({ err }, "OCR models did not load"));
      }
    }
  } catch (err) {
    log.fatal({ err: (err as Error).message }, "could not start");
    await opened.close();
    process.exit(1);
  }
  if (!server) {
    log.info({ role: config.role }, "worker running");
    return;
  }
  const lines = [
    "",
    `Chorus 应急科普快速响应平台 is running at ${server.url} (role ${config.role})`,
    `  API reference: ${server.url}/api/docs    readiness: ${server.url}/readyz`,
    ...(config.role === "api" ? ["  jobs run in separate workers (npm run start:worker)"] : []),
    ...opened.started.map((s) => `  embedded ${s} (data in ${config.dataDir})`),
    ...(config.seedDemo
      ? ["  demo logins (password chorus-demo-2020):", ...DEMO_LOGINS.map((l) => `    ${l}`)]
      : []),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
