import crypto from "node:crypto";
import { inject } from "vitest";
import { type Config, loadConfig } from "../../src/config.ts";
import { createDb, createSearchDb, type Db } from "../../src/db/client.ts";
import type { Deps } from "../../src/deps.ts";
import { closeEffects } from "../../src/effect/counter.ts";
import { createMailer } from "../../src/fanout/mailer.ts";
import { createSearch } from "../../src/library/search.ts";
import { createLogger } from "../../src/log.ts";

export interface TestContext {
  deps: Deps;
  sql: Db;
  databaseUrl: string;
  /** The Meilisearch index prefix that keeps this file's indexes apart from others'. */
  indexPrefix: string;
  close(): Promise<void>;
}

/**
 * A database of its own, cloned from the migrated template (or, with `empty`, a new database
 * without even the schema, as a restore meets it), an index prefix of its own, and the Deps a
 * service or the app needs. Call once per test file (beforeAll) and close afterAll.
 * @example const ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
 */
export async function createTestContext(
  env: Record<string, string> = {},
  opts: { empty?: boolean } = {},
): Promise<TestContext> {
  const name = `t_${crypto.randomBytes(6).toString("hex")}`;
  const server = createDb(inject("databaseServerUrl"), { max: 1 });
  const template = opts.empty ? "template0" : inject("templateDatabase");
  await server.unsafe(`create database ${name} template ${template}`);
  await server.end();
  const url = new URL(inject("databaseServerUrl"));
  url.pathname = `/${name}`;
  return contextOn(
    {
      databaseUrl: url.toString(),
      meiliUrl: inject("meiliUrl"),
      meiliKey: inject("meiliKey"),
      indexPrefix: `${name}_`,
    },
    env,
    async () => {
      const server = createDb(inject("databaseServerUrl"), { max: 1 });
      await server.unsafe(`drop database if exists ${name} with (force)`);
      await server.end();
    },
  );
}

/**
 * The Deps of a test on given services (a private Postgres or Meilisearch that a resilience
 * test stops and restarts); `drop` runs after the pool closed.
 * @example const ctx = contextOn({ databaseUrl, meiliUrl, meiliKey, indexPrefix: "r_" }, {});
 */
export function contextOn(
  services: { databaseUrl: string; meiliUrl?: string; meiliKey?: string; indexPrefix: string },
  env: Record<string, string> = {},
  drop: () => Promise<void> = async () => {},
): TestContext {
  const { databaseUrl, indexPrefix } = services;
  const config: Config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: databaseUrl,
    MEILI_URL: services.meiliUrl,
    MEILI_KEY: services.meiliKey,
    MEILI_INDEX_PREFIX: indexPrefix,
    PUBLIC_URL: "http://chorus.test",
    DATA_DIR: `${process.env.TMPDIR ?? "/tmp"}/chorus-test-data-${indexPrefix.replace(/_$/, "")}`,
    ...env,
  });
  const sql = createDb(databaseUrl, { max: 5 });
  const searchSql = createSearchDb(databaseUrl, 5);
  const log = createLogger({ level: config.logLevel });
  const deps: Deps = {
    config,
    sql,
    databaseUrl,
    search: createSearch({
      sql: searchSql,
      log,
      url: config.meiliUrl,
      key: config.meiliKey,
      prefix: indexPrefix,
      cacheMs: config.searchCacheMs,
    }),
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: config.outboxDir,
      from: config.mailFrom,
    }),
    log,
    now: () => new Date(),
  };
  return {
    deps,
    sql,
    databaseUrl,
    indexPrefix,
    async close() {
      deps.mailer.close();
      await closeEffects(deps);
      await deps.search.close();
      await searchSql.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
      await drop();
    },
  };
}
