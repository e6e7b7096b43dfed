import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedMeilisearch } from "../infra/embedded/meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "../infra/embedded/postgres.ts";
import { loadReference } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { Deps } from "../src/deps.ts";
import { createMailer } from "../src/fanout/mailer.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { REBUTTAL_INDEX } from "../src/library/meili/rebuttal-index.ts";
import { createSearch } from "../src/library/search.ts";
import { createLogger } from "../src/log.ts";

export interface DataItem {
  externalId: string;
  claim: string;
  verdict: string;
  summary: string;
  body: string;
}

/** The shared real-world data (DXY questions, Cofacts forwards) as import lines. */
export function loadSharedData(): { dxy: DataItem[]; cofacts: DataItem[] } {
  // Beside the checkout (../shared/data), or the shared folder when the checkout is a worktree.
  const dir =
    [
      process.env.SHARED_DATA_DIR,
      path.resolve(import.meta.dirname, "../../shared/data"),
      "/work/shared/data",
    ].find((d): d is string => !!d && fs.existsSync(d)) ?? "/work/shared/data";
  const read = (f: string) =>
    fs
      .readFileSync(path.join(dir, f), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
  const dxy = read("dxy-rumors.jsonl").map((r) => ({
    externalId: r.id,
    claim: r.claim,
    verdict: r.verdict,
    summary: r.summary.slice(0, 140),
    body: r.body,
  }));
  const cofacts = read("cofacts-2017.jsonl").map((r) => ({
    externalId: r.id,
    claim: r.claim,
    verdict: "false",
    summary: r.answer.slice(0, 140),
    body: r.answer,
  }));
  return { dxy, cofacts };
}

/** A fresh Postgres + Meilisearch (the project's launchers), migrated, with reference data. */
export async function libraryServices(opts: { pgSettings?: Record<string, string> } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-bench-"));
  fs.chmodSync(root, 0o755);
  const pg = await startEmbeddedPostgres({
    dir: path.join(root, "postgres"),
    settings: { fsync: "off", synchronous_commit: "off", ...opts.pgSettings },
  });
  const meiliProc = await startEmbeddedMeilisearch({ dir: path.join(root, "meilisearch") });
  const databaseUrl = await ensureDatabase(pg.url, "chorus_bench");
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    MEILI_URL: meiliProc.url,
    MEILI_KEY: meiliProc.key,
    DATA_DIR: root,
    TRUST_PROXY: "true",
  });
  const sql = createDb(databaseUrl, { max: 10 });
  await migrate(sql, databaseUrl);
  await loadReference(sql);
  const deps: Deps = {
    config,
    sql,
    databaseUrl,
    search: createSearch({
      sql,
      log: createLogger({ level: "silent" }),
      url: meiliProc.url,
      key: meiliProc.key,
      prefix: "",
      cacheMs: 0,
    }),
    mailer: createMailer({
      smtpUrl: undefined,
      outboxDir: path.join(root, "outbox"),
      from: config.mailFrom,
    }),
    log: createLogger({ level: "silent" }),
    now: () => new Date(),
  };
  return {
    deps,
    meili: meiliProc,
    /** Postgres's postmaster pid (its backends are its children). */
    pgPid: pg.pid,
    async close() {
      await sql.end({ timeout: 2 });
      await meiliProc.stop();
      await pg.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A fresh Postgres + Meilisearch (the project's launchers) with the data imported and indexed. */
export async function libraryEnvironment(items: DataItem[]) {
  const env = await libraryServices();
  const { deps } = env;
  const sql = deps.sql;
  const lines = items.map((i) => JSON.stringify({ ...i, category: "infectious-disease" }));
  const summary = await importRebuttals(deps, lines);
  if (summary.refused.length) throw new Error(`import refused: ${JSON.stringify(summary.refused)}`);
  await sql`analyze rebuttal_search`;
  const idByExternal = new Map(
    (await sql<{ id: string; externalId: string }[]>`select id, external_id from rebuttals`).map(
      (r) => [r.externalId, r.id],
    ),
  );
  return { ...env, idByExternal, indexName: REBUTTAL_INDEX };
}

/** CPU ms a process and its children (Postgres's backends) have used, from /proc. */
export function processCpuMs(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(entry) === pid) {
      // Its own time and that of children it has reaped (backends whose connection closed).
      total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
    } else if (Number(f[1]) === pid) {
      total += (Number(f[11]) + Number(f[12])) * tick;
    }
  }
  return total;
}
