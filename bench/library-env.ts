import { type ChildProcess, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedMeilisearch } from "../infra/embedded/meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "../infra/embedded/postgres.ts";
import { loadReference } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { createDb, createSearchDb } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { Deps } from "../src/deps.ts";
import { createMailer } from "../src/fanout/mailer.ts";
import { AnswerCache } from "../src/library/cache.ts";
import { ImportLine, slugFor } from "../src/library/import-lines.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { Availability } from "../src/library/meili/availability.ts";
import { createMeili } from "../src/library/meili/client.ts";
import {
  REBUTTAL_INDEX,
  type RebuttalDocument,
  toDocument,
} from "../src/library/meili/rebuttal-index.ts";
import type { LibraryEngines } from "../src/library/retrieve.ts";
import { createSearch, type Search } from "../src/library/search.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { createLogger } from "../src/log.ts";
import { buildQuerySets } from "./relevance-queries.ts";

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

/** The classes of `loadQueries`, in the order it sends them. */
export const LOAD_CLASSES = [
  "short",
  "typo",
  "traditional",
  "pasted-dxy",
  "pasted-cofacts",
] as const;

/**
 * What the load benchmarks send as searches and reports, each with its class: the shared data's
 * short, typo, Traditional and pasted queries (the relevance sets' texts, without their answers).
 */
export function loadClassedQueries(data: {
  dxy: DataItem[];
  cofacts: DataItem[];
}): { cls: string; q: string }[] {
  const sets = buildQuerySets(data.dxy, data.cofacts);
  return LOAD_CLASSES.flatMap((cls) => sets[cls]!.map((x) => ({ cls, q: x.q })));
}

/** `loadClassedQueries`' texts: what bench:scale and profile-http send. */
export function loadQueries(data: { dxy: DataItem[]; cofacts: DataItem[] }): string[] {
  return loadClassedQueries(data).map((x) => x.q);
}

/**
 * What a benchmark gives a Chorus process it starts on these services: production mode, no
 * logs, the client address from `x-forwarded-for`, and both answer caches off, so every request
 * is served afresh.
 */
export function appEnv(env: {
  deps: Pick<Deps, "databaseUrl" | "config">;
  meili: { url: string; key: string };
}): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: env.deps.databaseUrl,
    MEILI_URL: env.meili.url,
    MEILI_KEY: env.meili.key,
    DATA_DIR: env.deps.config.dataDir,
    LOG_LEVEL: "silent",
    TRUST_PROXY: "true",
    SEARCH_CACHE_MS: "0",
    INTAKE_MATCH_CACHE_MS: "0",
  };
}

/**
 * A search door (of this checkout's `createSearch` or another revision's, `createSearchAt`) over
 * the bench's engines, silent and with its answer cache off: every search reaches the engines.
 */
export function uncachedDoor(
  make: typeof createSearch,
  env: { sql: Deps["sql"]; meili: { url: string; key: string } },
): Search {
  return make({
    sql: env.sql,
    log: createLogger({ level: "silent" }),
    url: env.meili.url,
    key: env.meili.key,
    prefix: "",
    cacheMs: 0,
  });
}

/** The search door's engines on the bench's services, as `createSearch` builds them (answer cache off). */
export function benchEngines(env: {
  deps: Pick<Deps, "sql">;
  /** The door's own pool (`createSearchDb`), as `openDeps` gives it; else the app's. */
  searchSql?: Deps["sql"];
  meili: { url: string; key: string };
}): LibraryEngines {
  const meili = createMeili({ url: env.meili.url, key: env.meili.key, prefix: "" });
  return {
    sql: env.searchSql ?? env.deps.sql,
    log: createLogger({ level: "silent" }),
    meili,
    availability: new Availability(async () => (await meili.health()) === "up"),
    termStats: new TermStats(),
    cache: new AnswerCache(0),
  };
}

/** A client address per request number: the per-address rate limit is not what a load measures. */
export const phone = (n: number) => ({
  "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
});

/** The `n`-th public search of the API load (`bench:scale`, the memory benches). */
export const searchRequest = (queries: string[], n: number) => ({
  path: `/api/v1/rebuttals?q=${encodeURIComponent(queries[n % queries.length]!)}&limit=10`,
  headers: phone(n),
});

/** The `n`-th report of the API load, from another range of addresses than the searches. */
export const reportRequest = (queries: string[], n: number) => ({
  method: "POST" as const,
  path: "/api/v1/reports",
  headers: { "content-type": "application/json", ...phone(1_000_000 + n) },
  body: JSON.stringify({ text: queries[(n * 7) % queries.length]!.slice(0, 5000) }),
});

/**
 * `createSearch` as another revision wrote it (its src/ and content/ via `git archive`, kept
 * under node_modules/.cache), to compare two doors on the same engines.
 */
export async function createSearchAt(rev: string): Promise<typeof createSearch> {
  const root = path.resolve(import.meta.dirname, "..");
  const sha = execFileSync("git", ["rev-parse", rev], { cwd: root }).toString().trim();
  const dir = path.join(root, `node_modules/.cache/chorus-baseline/${sha}`);
  if (!fs.existsSync(path.join(dir, "src"))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${sha} src content | tar -x -C "${dir}"`], {
      cwd: root,
    });
  }
  const mod = (await import(path.join(dir, "src/library/search.ts"))) as {
    createSearch: typeof createSearch;
  };
  return mod.createSearch;
}

/**
 * A fresh Postgres + Meilisearch (the project's launchers), migrated, with reference data;
 * with `statements`, Postgres also counts every statement (`pg_stat_statements`, read by
 * `topStatements`).
 */
export async function libraryServices(
  opts: { pgSettings?: Record<string, string>; statements?: boolean } = {},
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-bench-"));
  fs.chmodSync(root, 0o755);
  const counting: Record<string, string> = opts.statements
    ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" }
    : {};
  const pg = await startEmbeddedPostgres({
    dir: path.join(root, "postgres"),
    settings: { fsync: "off", synchronous_commit: "off", ...counting, ...opts.pgSettings },
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
  // The door on a pool of its own, planning each statement once, as `openDeps` builds it (ADR 0318).
  const searchSql = createSearchDb(databaseUrl, 10);
  await migrate(sql, databaseUrl);
  await loadReference(sql);
  if (opts.statements) await sql`create extension if not exists pg_stat_statements`;
  const deps: Deps = {
    config,
    sql,
    databaseUrl,
    search: uncachedDoor(createSearch, { sql: searchSql, meili: meiliProc }),
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
    /** The pool `deps.search` runs on. */
    searchSql,
    meili: meiliProc,
    /** Postgres's postmaster pid (its backends are its children). */
    pgPid: pg.pid,
    async close() {
      await searchSql.end({ timeout: 2 });
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

/**
 * CPU ms a process has used (user + system), from /proc; with `children` (the default) also its
 * children's and those it has reaped (Postgres's backends, whose connection closed).
 */
export function processCpuMs(pid: number, opts: { children?: boolean } = {}): number {
  const tick = 10; // USER_HZ is 100 on Linux
  const fields = (entry: string) => {
    const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    return stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
  };
  const own = fields(String(pid));
  if (opts.children === false) return (own[11]! + own[12]!) * tick;
  let total = (own[11]! + own[12]! + own[13]! + own[14]!) * tick;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    try {
      const f = fields(entry);
      if (f[1] === pid) total += (f[11]! + f[12]!) * tick;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** Settles with a child process's exit code (1 when killed by a signal). */
export const exited = (p: ChildProcess) =>
  new Promise<number>((r) =>
    p.exitCode !== null ? r(p.exitCode) : p.once("exit", (c) => r(c ?? 1)),
  );

/** Waits until `base`/healthz answers 200, for at most 60 s. */
export async function untilHealthy(base: string, what: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (tries > 600) throw new Error(`${what} did not start within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Meilisearch document an import makes of one generated line (a fresh id, live now). */
export function documentOfLine(line: string): RebuttalDocument {
  const x = ImportLine.parse(JSON.parse(line));
  return toDocument({
    id: crypto.randomUUID(),
    slug: slugFor(x.externalId),
    claim: x.claim,
    title: x.claim.slice(0, 120),
    summary: x.summary,
    tags: [],
    bodyMd: x.body,
    category: x.category ?? null,
    verdict: x.verdict,
    regions: ["460000"],
    status: "live",
    kind: "rebuttal",
    publishedAt: new Date(),
  });
}

/**
 * The `limit` statements that took Postgres's executor longest since its counts were last reset
 * (`libraryServices({ statements: true })`), and the sums over every statement.
 * @example const { rows, all } = await topStatements(env.deps.sql, 20);
 */
export async function topStatements(sql: Deps["sql"], limit: number) {
  const rows = await sql<{ calls: number; ms: number; query: string }[]>`
    select calls::float8 as calls, total_exec_time as ms, query from pg_stat_statements
    where query not like '%pg_stat_statements%' order by total_exec_time desc limit ${limit}`;
  const [all] = await sql<{ calls: number; ms: number }[]>`
    select sum(calls)::float8 as calls, sum(total_exec_time) as ms from pg_stat_statements
    where query not like '%pg_stat_statements%'`;
  return { rows, all: all! };
}

/**
 * Empties what intake writes and keeps the library: every report, and the cases no rebuttal or
 * revision names with what hangs on them (their events, topic links, deadline alerts and
 * assignments; search misses keep their text, unlinked). `truncate cases cascade` would also
 * empty `rebuttals` (its `case_id` references cases), and with it every search row (ADR 0322).
 * Counts the rebuttals before and after in the same transaction and throws there, so a change
 * that took any is rolled back; then vacuums what it deleted from, so that a next variant does
 * not read its dead rows. Returns the rebuttals kept.
 * @example const kept = await emptyIntake(env.deps.sql);
 */
export async function emptyIntake(sql: Deps["sql"]): Promise<number> {
  const kept = await sql.begin(async (tx) => {
    const count = async () =>
      (await tx<{ n: number }[]>`select count(*)::int as n from rebuttals`)[0]!.n;
    const before = await count();
    await tx`truncate reports cascade`;
    await tx`create temp table gone on commit drop as
      select c.id from cases c
      where not exists (select 1 from rebuttals r where r.case_id = c.id)
        and not exists (select 1 from revisions v where v.case_id = c.id)`;
    await tx`delete from events e using gone g where e.case_id = g.id`;
    await tx`delete from topic_cases t using gone g where t.case_id = g.id`;
    await tx`update search_misses m set case_id = null from gone g where m.case_id = g.id`;
    await tx`delete from cases c using gone g where c.id = g.id`;
    const after = await count();
    if (after !== before) throw new Error(`emptying intake would take ${before - after} rebuttals`);
    return after;
  });
  await sql`vacuum analyze cases, events, topic_cases`;
  return kept;
}
