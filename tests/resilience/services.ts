import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedMeilisearch } from "../../infra/embedded/meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "../../infra/embedded/postgres.ts";
import { loadReference } from "../../src/bootstrap.ts";
import { createDb } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

/**
 * The resilience suite's processes: Chorus API and worker nodes (real `src/main.ts`
 * processes), and, for the scenarios that stop them, a private Postgres or Meilisearch started
 * with the project's launchers in a temp folder, so the shared ones other test files use are
 * never touched. Everything started here is stopped by `cleanUp()` (call it in afterAll), and
 * killed when the test process exits, also on failure.
 */

const stops: (() => Promise<unknown>)[] = [];
const pids = new Set<number>();
process.once("exit", () => {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
});

/** Kills `pid` when the test process exits, whatever happened before. */
export function trackPid(pid: number | undefined): void {
  if (pid) pids.add(pid);
}

/** Runs `stop` in cleanUp (last registered, first run). */
export function onCleanUp(stop: () => Promise<unknown>): void {
  stops.push(stop);
}

/** Stops everything this file started, in reverse order, even when a stop fails. */
export async function cleanUp(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
}

export function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-resilience-"));
  // The unprivileged `postgres` user runs a private cluster under it.
  fs.chmodSync(root, 0o755);
  onCleanUp(async () => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A service of our own that a scenario stops and starts again on the same port. */
export interface Restartable {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function restartable<R extends { url: string; port: number; pid: number; stop(): Promise<void> }>(
  first: R,
  again: (port: number) => Promise<R>,
): Restartable & { running: () => R } {
  let current: R | undefined = first;
  pids.add(first.pid);
  const handle = {
    url: first.url,
    running: () => current ?? first,
    async stop() {
      const r = current;
      current = undefined;
      if (r) await r.stop();
      if (r) pids.delete(r.pid);
    },
    async start() {
      if (current) return;
      current = await again(first.port);
      pids.add(current.pid);
    },
  };
  onCleanUp(() => handle.stop());
  return handle;
}

const PG_SETTINGS = { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };

/** A Postgres of this test file alone, with a migrated `chorus` database. */
export async function privatePostgres(root: string) {
  const dir = path.join(root, "postgres");
  const pg = restartable(await startEmbeddedPostgres({ dir, settings: PG_SETTINGS }), (port) =>
    startEmbeddedPostgres({ dir, port, settings: PG_SETTINGS }),
  );
  const databaseUrl = await ensureDatabase(pg.url, "chorus");
  const sql = createDb(databaseUrl, { max: 1 });
  await migrate(sql, databaseUrl);
  await loadReference(sql);
  await sql.end();
  return { pg, databaseUrl };
}

/** A Meilisearch of this test file alone. */
export async function privateMeilisearch(root: string) {
  const dir = path.join(root, "meilisearch");
  const meili = restartable(await startEmbeddedMeilisearch({ dir }), (port) =>
    startEmbeddedMeilisearch({ dir, port }),
  );
  return { meili, key: meili.running().key };
}
