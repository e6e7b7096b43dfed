import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedMeilisearch } from "../../infra/embedded/meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "../../infra/embedded/postgres.ts";
import { loadReference } from "../../src/bootstrap.ts";
import { createDb } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
    meiliUrl: string;
    meiliKey: string;
  }
}

/**
 * Starts a throw-away Postgres and Meilisearch with the project's own launchers (or uses
 * TEST_DATABASE_URL / TEST_MEILI_URL), and migrates a template database that each test file
 * clones.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-test-"));
  fs.chmodSync(root, 0o755);

  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({
      dir: path.join(root, "postgres"),
      settings: {
        fsync: "off",
        synchronous_commit: "off",
        full_page_writes: "off",
        max_connections: 400,
      },
    });
    serverUrl = pg.url;
    stops.push(pg.stop);
  }
  let meiliUrl = process.env.TEST_MEILI_URL;
  let meiliKey = process.env.TEST_MEILI_KEY ?? "";
  if (!meiliUrl) {
    const meili = await startEmbeddedMeilisearch({ dir: path.join(root, "meilisearch") });
    meiliUrl = meili.url;
    meiliKey = meili.key;
    stops.push(meili.stop);
  }

  const template = `chorus_template_${process.pid}`;
  const templateUrl = await ensureDatabase(serverUrl, template);
  const sql = createDb(templateUrl, { max: 1 });
  await migrate(sql, templateUrl);
  await loadReference(sql);
  await sql.end();

  project.provide("databaseServerUrl", serverUrl);
  project.provide("templateDatabase", template);
  project.provide("meiliUrl", meiliUrl);
  project.provide("meiliKey", meiliKey);

  return async () => {
    for (const stop of stops.reverse()) await stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
