import { ensureServices } from "../infra/embedded/services.ts";
import { bootstrap } from "./bootstrap.ts";
import { createIntakeMatches } from "./cases/intake-matches.ts";
import { createRepeatHints } from "./cases/repeat-hints.ts";
import type { Config } from "./config.ts";
import { createDb, createSearchDb } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import type { Deps } from "./deps.ts";
import { closeEffects } from "./effect/counter.ts";
import { createMailer } from "./fanout/mailer.ts";
import { closeRateLimits } from "./http/rate-limit.ts";
import { createSearch } from "./library/search.ts";
import type { Logger } from "./log.ts";

export interface Opened {
  deps: Deps;
  started: string[];
  close(): Promise<void>;
}

/**
 * Resolves services (embedded when no URLs are given), connects, and migrates (unless told not
 * to: `npm run restore` migrates to the backup's version itself).
 * Used by `npm start`, `npm run worker` and the command-line tools alike.
 */
export async function openDeps(
  config: Config,
  log: Logger,
  opts: { migrate?: boolean } = {},
): Promise<Opened> {
  const services = await ensureServices({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    meiliUrl: config.meiliUrl,
    meiliKey: config.meiliKey,
    warn: (m) => log.warn(m),
  });
  const sql = createDb(services.databaseUrl, { max: config.databasePoolSize });
  try {
    const applied = opts.migrate === false ? [] : await migrate(sql, services.databaseUrl);
    if (applied.length) log.info({ applied }, "migrations applied");
  } catch (err) {
    await sql.end({ timeout: 1 });
    await services.stop();
    throw err;
  }
  const searchSql = createSearchDb(services.databaseUrl, config.databasePoolSize);
  const deps: Deps = {
    config,
    sql,
    databaseUrl: services.databaseUrl,
    search: createSearch({
      sql: searchSql,
      log,
      url: services.meiliUrl,
      key: services.meiliKey,
      prefix: config.meiliIndexPrefix,
      cacheMs: config.searchCacheMs,
    }),
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: config.outboxDir,
      from: config.mailFrom,
    }),
    log,
    now: () => new Date(),
    intakeMatches: createIntakeMatches(config.intakeMatchCacheMs),
    intakeRepeats: createRepeatHints(),
  };
  return {
    deps,
    started: services.started,
    close: async () => {
      deps.mailer.close();
      await closeEffects(deps);
      await closeRateLimits(deps);
      await deps.search.close();
      await searchSql.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
      await services.stop();
    },
  };
}

/**
 * On SIGTERM or SIGINT runs `stop` once and exits 0. When it has not finished after `graceMs`
 * (a request or job that never ends), runs `force` — which must stop the embedded services —
 * and exits 1, so that a stuck shutdown never leaves Postgres and Meilisearch running.
 * @example exitOnSignal(log, () => shutdownEverything(), () => opened.close());
 */
export function exitOnSignal(
  log: Logger,
  stop: () => Promise<void>,
  force: () => Promise<void>,
  graceMs = 30_000,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests and jobs");
    setTimeout(() => {
      log.error({ graceMs }, "graceful shutdown did not finish in time: stopping services");
      force().finally(() => process.exit(1));
    }, graceMs).unref();
    stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (err: Error) => {
        log.error({ err: err.message }, "shutdown failed: stopping services");
        force().finally(() => process.exit(1));
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

export { bootstrap };
